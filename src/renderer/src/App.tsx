/**
 * The window's layout: header, notices, transcript, composer, status bar.
 *
 * Invariants: the composer has focus when the window opens, and Ctrl/⌘+L brings it back from
 * anywhere; Escape interrupts a streaming turn; the layout itself subscribes to nothing that
 * changes while text streams.
 */

import { useEffect, useRef } from 'react';
import { ChatView } from './features/chat/ChatView';
import { Composer } from './features/chat/Composer';
import { useComposerShortcut } from './features/chat/composer-shortcut';
import { useInterruptShortcut } from './features/controls/use-interrupt-shortcut';
import { ConnectionNotice } from './features/status/ConnectionNotice';
import { ErrorBanner } from './features/status/ErrorBanner';
import { HeaderBar } from './features/status/HeaderBar';
import { StatusBar } from './features/status/StatusBar';
import { WarningStrip } from './features/status/WarningStrip';
import { useAppStore } from './store/store-context';

export function App() {
  const inputRef = useRef<HTMLTextAreaElement | null>(null);
  const connection = useAppStore((state) => state.connection);
  useComposerShortcut(inputRef);
  useInterruptShortcut();

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  return (
    <div className="app" data-connection={connection}>
      <HeaderBar />
      <main className="app-main">
        <div className="notices">
          <ConnectionNotice />
          <ErrorBanner />
          <WarningStrip />
        </div>
        <ChatView />
      </main>
      <Composer inputRef={inputRef} />
      <StatusBar />
    </div>
  );
}
