/**
 * A visible notice while the connection to the core is down. The transcript stays on screen
 * (dimmed) and the draft is kept; the snapshot sent on reconnection brings everything back.
 */

import { useAppStore } from '../../store/store-context';

export function ConnectionNotice() {
  const connection = useAppStore((state) => state.connection);
  if (connection !== 'closed') return null;
  return (
    <div className="banner banner-offline">
      <div className="banner-head">
        <span className="spinner" aria-hidden="true" />
        <span className="banner-message">Lost the connection to Sluice. Reconnecting automatically…</span>
      </div>
    </div>
  );
}
