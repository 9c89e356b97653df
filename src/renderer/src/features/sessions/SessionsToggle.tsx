/**
 * The header button that shows or hides the sessions sidebar. Its accessible name is always
 * `Sessions`; `aria-expanded` says whether the sidebar is shown. On wide windows it folds the
 * column away; below 900 px, where the sidebar is a drawer, it opens the drawer (and the list
 * is asked for again, since it was not on screen to follow background sessions).
 */

import { useAppStore, useStoreApi } from '../../store/store-context';
import { SIDEBAR_ID, TOGGLE_ID } from './SessionsSidebar';
import { useNarrowWindow } from './use-narrow-window';

export function SessionsToggle() {
  const store = useStoreApi();
  const narrow = useNarrowWindow();
  const open = useAppStore((state) => (narrow ? state.sidebarDrawerOpen : state.sidebarOpen));

  function toggle(): void {
    const state = store.getState();
    if (!narrow) {
      state.setSidebarOpen(!open);
      return;
    }
    if (!open) void state.refreshSessions();
    state.setSidebarDrawerOpen(!open);
  }

  return (
    <button
      type="button"
      id={TOGGLE_ID}
      className="sessions-toggle"
      aria-expanded={open}
      aria-controls={open ? SIDEBAR_ID : undefined}
      title={open ? 'Hide the sessions' : 'Show the sessions'}
      onClick={toggle}
    >
      <SidebarIcon />
      <span className="sessions-toggle-label">Sessions</span>
    </button>
  );
}

function SidebarIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <rect x="1.75" y="2.75" width="12.5" height="10.5" rx="2" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M6 3v10" stroke="currentColor" strokeWidth="1.4" />
      <path d="M3.5 5.5h1M3.5 7.5h1M3.5 9.5h1" stroke="currentColor" strokeWidth="1.2" strokeLinecap="round" />
    </svg>
  );
}
