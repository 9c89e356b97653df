/**
 * Where Sluice asked the agent to carry on after a cut-off answer: a slim divider in place of
 * the request's text (which quotes the partial answer back and is not the person's words).
 *
 * Invariant: its accessible name is `Continued`; the tooltip (also its description) says what
 * Sluice did, so the join between the two parts of the answer is never a mystery.
 */

export const CONTINUE_EXPLANATION =
  'Sluice asked the agent to continue exactly where its answer stopped, quoting the end of what had arrived.';

export function ContinueDivider({ retried = false }: { retried?: boolean }) {
  const label = retried ? 'Continued again' : 'Continued';
  return (
    <div className="continue-divider" role="separator" aria-label={label} title={CONTINUE_EXPLANATION}>
      <span className="continue-divider-label">
        <svg viewBox="0 0 12 12" width="11" height="11" aria-hidden="true" focusable="false">
          <path d="M3 1v5a2 2 0 0 0 2 2h5M8 5.5 10.5 8 8 10.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        {label}
      </span>
    </div>
  );
}
