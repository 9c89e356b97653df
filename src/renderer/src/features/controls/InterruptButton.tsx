/**
 * The Interrupt button: shown while a turn streams, it stops the turn and keeps everything
 * received so far. Its accessible name is always `Interrupt`; the visible label says which step
 * the core is on, so a person sees escalation happen.
 */

import { useAppStore, useStoreApi } from '../../store/store-context';
import { selectInterruptStep, selectIsStreaming } from '../../store/selectors';

export function InterruptButton() {
  const store = useStoreApi();
  const streaming = useAppStore(selectIsStreaming);
  const step = useAppStore(selectInterruptStep);
  if (!streaming) return null;
  return (
    <button
      type="button"
      className={`interrupt-button${step === undefined ? '' : ' is-interrupting'}`}
      aria-label="Interrupt"
      title={step === undefined ? 'Stop the answer and keep what arrived (Esc)' : 'Press again to escalate at once'}
      onClick={() => void store.getState().interrupt()}
    >
      <span className="interrupt-icon" aria-hidden="true" />
      {step === undefined ? 'Interrupt' : 'Stopping…'}
      <kbd aria-hidden="true">Esc</kbd>
    </button>
  );
}
