/**
 * The header button that shows or hides the stream dashboard. Its accessible name is always
 * `Dashboard`; `aria-pressed` says whether the panel is open; the tooltip gives the shortcut.
 */

import { useAppStore, useStoreApi } from '../../store/store-context';
import { dashboardAriaShortcut, dashboardShortcutLabel } from './dashboard-shortcut';

export function DashboardToggle() {
  const store = useStoreApi();
  const open = useAppStore((state) => state.dashboardOpen);
  const shortcut = dashboardShortcutLabel();
  return (
    <button
      type="button"
      className="dashboard-toggle"
      aria-pressed={open}
      aria-controls="stream-dashboard"
      aria-keyshortcuts={dashboardAriaShortcut()}
      title={`${open ? 'Hide' : 'Show'} the stream dashboard: throughput, buffer, backpressure, latency, memory (${shortcut})`}
      onClick={() => store.getState().toggleDashboard()}
    >
      <ChartIcon />
      Dashboard
      <kbd aria-hidden="true">{shortcut}</kbd>
    </button>
  );
}

function ChartIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M1.5 13.5h13" stroke="currentColor" strokeWidth="1.4" fill="none" strokeLinecap="round" />
      <path d="M2.5 10.5l3-3.5 3 2 5-5.5" stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
