/**
 * Continue and Retry, under the answer of an interrupted or failed turn.
 *
 * Invariants:
 * - Accessible names are exactly `Continue` and `Retry`.
 * - Shown only while no turn streams; enabled only when a turn may start (`selectCanStartTurn`:
 *   connected, nothing being sent). The store guards again, so a stale click starts nothing.
 * - Using one hands focus to the composer: the buttons disappear as the new turn starts, and
 *   from the composer Escape interrupts the new turn and typing goes where a person expects.
 */

import { useAppStore, useStoreApi } from '../../store/store-context';
import { selectCanStartTurn, selectIsStreaming } from '../../store/selectors';
import { useFocusComposer } from '../chat/composer-focus';

export interface RecoveryActionsProps {
  turnId: string;
  status: 'interrupted' | 'failed';
}

export function RecoveryActions({ turnId, status }: RecoveryActionsProps) {
  const store = useStoreApi();
  const streaming = useAppStore(selectIsStreaming);
  const canStart = useAppStore(selectCanStartTurn);
  const focusComposer = useFocusComposer();
  if (streaming) return null;

  function run(action: 'continueTurn' | 'retryTurn'): void {
    focusComposer();
    void store.getState()[action](turnId);
  }

  const stopped = status === 'interrupted' ? 'was interrupted' : 'failed';
  return (
    <div className="recovery-actions" role="group" aria-label={`This answer ${stopped}`}>
      <button
        type="button"
        className="recovery-button recovery-continue"
        disabled={!canStart}
        title="Ask the agent to carry on exactly where this answer stopped"
        onClick={() => run('continueTurn')}
      >
        <ContinueIcon />
        Continue
      </button>
      <button
        type="button"
        className="recovery-button recovery-retry"
        disabled={!canStart}
        title="Send the same prompt again for a fresh answer"
        onClick={() => run('retryTurn')}
      >
        <RetryIcon />
        Retry
      </button>
    </div>
  );
}

function ContinueIcon() {
  return (
    <svg className="recovery-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M4 3.5v9l7-4.5z" fill="currentColor" />
    </svg>
  );
}

function RetryIcon() {
  return (
    <svg className="recovery-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path
        d="M13 8a5 5 0 1 1-1.6-3.7M13 2.5v3.2H9.8"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
