/**
 * The title bar of the window: the Sessions toggle and the app's name, who answers (agent,
 * model, simulator pill), the session's folder and permission mode with its Session settings,
 * and the Dashboard toggle. It also hosts the New session dialog: a modal, so where it sits in
 * the page does not matter, and the header is always there (the sidebar is not, in a narrow
 * window).
 */

import { useAppStore } from '../../store/store-context';
import { selectAgent } from '../../store/selectors';
import { DashboardToggle } from '../dashboard/DashboardToggle';
import { NewSessionDialog } from '../sessions/NewSessionDialog';
import { SessionsToggle } from '../sessions/SessionsToggle';
import { AgentBadge } from './AgentBadge';
import { SessionSettingsMenu } from './SessionSettingsMenu';

export function HeaderBar() {
  const agent = useAppStore(selectAgent);
  const model = useAppStore((state) => state.session?.model);
  const cwd = useAppStore((state) => state.session?.cwd);
  const permissionMode = useAppStore((state) => state.session?.permissionMode);
  const toolCount = useAppStore((state) => state.session?.toolCount);
  return (
    <header className="app-header">
      <div className="header-start">
        <SessionsToggle />
        <div className="brand">
          <SluiceMark />
          <span className="brand-name">Sluice</span>
        </div>
      </div>
      <div className="header-actions">
        <AgentBadge agent={agent} model={model} facts={{ cwd, permissionMode, toolCount }} />
        <SessionSettingsMenu />
        <DashboardToggle />
      </div>
      <NewSessionDialog />
    </header>
  );
}

/** A sluice gate over flowing water, drawn inline: the CSP allows no external images. */
function SluiceMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <rect x="3" y="3" width="18" height="7" rx="2" fill="currentColor" opacity="0.9" />
      <path d="M3 15c3 0 3-2 6-2s3 2 6 2 3-2 6-2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      <path d="M3 20c3 0 3-2 6-2s3 2 6 2 3-2 6-2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" opacity="0.55" />
    </svg>
  );
}
