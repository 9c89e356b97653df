/**
 * What Sluice cannot write to disk (the journal, or the spill file of long replies), said at
 * once and plainly: what failed, what it costs, what to do.
 *
 * Invariant: shown exactly while `session.storageFault` is set. The core keeps it while the
 * journal cannot be written and, after that, while lines it lost are missing from the journal
 * (they stay missing); it clears when nothing was lost.
 */

import { useAppStore } from '../../store/store-context';

export function StorageFaultBanner() {
  const fault = useAppStore((state) => state.session?.storageFault);
  if (fault === undefined) return null;
  return (
    <div className="banner banner-error" role="alert" aria-label="Storage problem">
      <div className="banner-head">
        <span className="error-code">{fault.code}</span>
        <span className="banner-message">{fault.message}</span>
      </div>
    </div>
  );
}
