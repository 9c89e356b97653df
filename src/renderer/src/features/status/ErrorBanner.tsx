/**
 * The session's error, when it has one: typed code, a message saying what to do, and the
 * detail (where we looked, the exit code, the stderr tail) folded away but one click open.
 *
 * Invariant: shown exactly while `session.error` is set; the core clears it when the next turn
 * starts, so the banner never outlives the problem it reports.
 */

import { useAppStore } from '../../store/store-context';

export function ErrorBanner() {
  const error = useAppStore((state) => state.session?.error);
  if (error === undefined) return null;
  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-head">
        <span className="error-code">{error.code}</span>
        <span className="banner-message">{error.message}</span>
      </div>
      {error.detail !== undefined && error.detail !== '' && (
        <details className="banner-detail">
          <summary>Details</summary>
          <pre>{error.detail}</pre>
        </details>
      )}
    </div>
  );
}
