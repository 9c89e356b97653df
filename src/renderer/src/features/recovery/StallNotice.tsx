/**
 * "No output from the agent for N s": shown while the core reports a stall (a turn is open and
 * the agent has written nothing for a while), counting up live, with a way to stop the turn.
 *
 * Invariants:
 * - Shown exactly while `session.stalledSince` is set, a turn streams and no tool approval is
 *   waiting (then the agent is waiting for the person, which is not a stall).
 * - The count starts no earlier than the open turn (recovery-text.ts `stallOrigin`).
 * - The action's accessible name is `Interrupt stalled turn`, distinct from the composer's
 *   `Interrupt`; both go through the same store action.
 */

import { useAppStore, useStoreApi } from '../../store/store-context';
import { selectIsStreaming } from '../../store/selectors';
import { stallOrigin, stallText } from './recovery-text';
import { useSecondsSince } from './use-seconds-since';

export function StallNotice() {
  const stalledSince = useAppStore((state) => state.session?.stalledSince);
  const turnStartedAt = useAppStore((state) => state.session?.turns[state.session.turns.length - 1]?.startedAt);
  const streaming = useAppStore(selectIsStreaming);
  const awaitingPerson = useAppStore((state) => (state.session?.approvals.length ?? 0) > 0);
  if (stalledSince === undefined || !streaming || awaitingPerson) return null;
  const since = stallOrigin(stalledSince, turnStartedAt);
  // Keyed on the moment: a new stall starts a fresh count.
  return <StallCounter key={since} since={since} />;
}

function StallCounter({ since }: { since: number }) {
  const store = useStoreApi();
  const seconds = useSecondsSince(since) ?? 0;
  return (
    <div className="turn-notice turn-notice-stall" role="status">
      <svg className="turn-notice-icon" viewBox="0 0 16 16" width="15" height="15" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="turn-notice-message">{stallText(seconds)}</span>
      <button
        type="button"
        className="turn-notice-action"
        aria-label="Interrupt stalled turn"
        title="Stop this turn and keep what arrived (Esc)"
        onClick={() => void store.getState().interrupt()}
      >
        Interrupt
      </button>
    </div>
  );
}
