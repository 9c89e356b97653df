/**
 * The window's layout: header, notices, transcript, composer, status bar, and the stream
 * dashboard as a side panel to the right of transcript and composer.
 *
 * Invariants: the composer has focus when the window opens, and Ctrl/⌘+L brings it back from
 * anywhere (as do controls that vanish once used: Continue, Retry, approval cards); Escape
 * interrupts a streaming turn; what the open turn needs from the person (stall, API retry, tool
 * approvals) sits just above the composer; Ctrl/⌘+D shows or hides the dashboard; Ctrl/⌘+N
 * (Alt+N in a browser) starts a new session; the sessions sidebar is the left column; the
 * layout itself subscribes to nothing that changes while text streams, only to the connection
 * and the session's id (the dashboard panel and the sidebar decide for themselves whether they
 * are open, so toggling them does not re-render the transcript). The transcript is keyed by the
 * session's id: another session gets a fresh list, scrolled to its newest message.
 */

import { useCallback, useEffect, useRef } from 'react';
import { ChatView } from './features/chat/ChatView';
import { Composer } from './features/chat/Composer';
import { ComposerFocusContext } from './features/chat/composer-focus';
import { useComposerShortcut } from './features/chat/composer-shortcut';
import { useInterruptShortcut } from './features/controls/use-interrupt-shortcut';
import { DashboardPanel } from './features/dashboard/Dashboard';
import { useDashboardShortcut } from './features/dashboard/dashboard-shortcut';
import { TurnNotices } from './features/recovery/TurnNotices';
import { useNewSessionShortcut } from './features/sessions/new-session-shortcut';
import { SessionsSidebar } from './features/sessions/SessionsSidebar';
import { ConnectionNotice } from './features/status/ConnectionNotice';
import { ErrorBanner } from './features/status/ErrorBanner';
import { HeaderBar } from './features/status/HeaderBar';
import { StatusBar } from './features/status/StatusBar';
import { StorageFaultBanner } from './features/status/StorageFaultBanner';
import { WarningStrip } from './features/status/WarningStrip';
import { useAppStore } from './store/store-context';

export function App() {
  const inputRef = useRef<HTMLTextAreaElement | null>(null);
  const connection = useAppStore((state) => state.connection);
  const sessionId = useAppStore((state) => state.session?.id);
  const focusComposer = useCallback(() => inputRef.current?.focus(), []);
  useComposerShortcut(inputRef);
  useInterruptShortcut();
  useDashboardShortcut();
  useNewSessionShortcut(focusComposer);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  return (
    <ComposerFocusContext value={focusComposer}>
      <div className="app" data-connection={connection}>
        <HeaderBar />
        <SessionsSidebar />
        <main className="app-main">
          <div className="notices">
            <ConnectionNotice />
            <StorageFaultBanner />
            <ErrorBanner />
            <WarningStrip />
          </div>
          <ChatView key={sessionId ?? ''} />
          <TurnNotices />
        </main>
        <Composer inputRef={inputRef} />
        <DashboardPanel />
        <StatusBar />
      </div>
    </ComposerFocusContext>
  );
}
