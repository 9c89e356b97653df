/**
 * Lines the agent sent that Sluice could not read: how many, the latest reason, and the
 * reassurance that they are kept in the journal.
 *
 * Invariant: dismissing hides the strip only for the warnings already counted; a new warning
 * brings it back.
 */

import { useState } from 'react';
import { useAppStore } from '../../store/store-context';
import { plural } from './human-units';

export function WarningStrip() {
  const count = useAppStore((state) => state.session?.warningCount ?? 0);
  const latest = useAppStore((state) => state.session?.warnings[state.session.warnings.length - 1]);
  const journalPath = useAppStore((state) => state.session?.journalPath);
  const [dismissedAtCount, setDismissedAtCount] = useState(0);

  if (count === 0 || count <= dismissedAtCount) return null;
  return (
    <div className="banner banner-warning" role="status">
      <div className="banner-head">
        <span className="banner-message" title={journalPath}>
          {plural(count, 'malformed line')} from the agent (kept in the journal)
        </span>
        <button type="button" className="icon-button" aria-label="Dismiss warning" onClick={() => setDismissedAtCount(count)}>
          ×
        </button>
      </div>
      {latest !== undefined && (
        <p className="banner-latest">
          Line {latest.line}: {latest.message}
        </p>
      )}
    </div>
  );
}
