/**
 * "The model API failed (529) — retry 2 of 10 in 1.1 s": the CLI is waiting to call the model
 * API again (`system/api_retry`). Without it, a person would see a silent, stuck answer.
 *
 * Invariant: shown exactly while `session.apiRetry` is set and a turn streams (the core clears
 * it as soon as output resumes); a polite status, so each new attempt is announced once.
 */

import { useAppStore } from '../../store/store-context';
import { selectIsStreaming } from '../../store/selectors';
import { apiRetryText } from './recovery-text';

export function ApiRetryNotice() {
  const retry = useAppStore((state) => state.session?.apiRetry);
  const streaming = useAppStore(selectIsStreaming);
  if (retry === undefined || !streaming) return null;
  return (
    <div className="turn-notice turn-notice-retry" role="status">
      <span className="spinner turn-notice-icon" aria-hidden="true" />
      <span className="turn-notice-message">{apiRetryText(retry)}</span>
    </div>
  );
}
