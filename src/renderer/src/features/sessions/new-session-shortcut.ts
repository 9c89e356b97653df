/**
 * The keyboard way to a new session, from anywhere in the window, and the labels that document it.
 *
 * Invariants:
 * - In the Electron window it is Ctrl+N (⌘N on Apple platforms). In a browser (the web host) that
 *   key opens a browser window and a page cannot take it (nor Ctrl/⌘+Shift+N, a private
 *   window), so there it is Alt+N (⌥N), matched by the physical key, since ⌥N types a dead key
 *   on a Mac layout.
 * - Until `hello` says which host this is, the browser's key applies: it is safe in both.
 * - One window listener for the shortcut's lifetime; key repeats and input-method compositions
 *   start nothing.
 */

import { useEffect } from 'react';
import type { Hello } from '../../../../shared/protocol';
import { useAppStore, useStoreApi } from '../../store/store-context';
import { composerShortcutModifier } from '../chat/composer-shortcut';

export type Host = Hello['transport'] | undefined;

export interface NewSessionKeys {
  /** For tooltips and hints: "Ctrl+N", "⌘N", "Alt+N", "⌥N". */
  label: string;
  /** For `aria-keyshortcuts`. */
  aria: string;
}

export function newSessionKeys(host: Host, apple = isApple()): NewSessionKeys {
  if (host === 'electron') return apple ? { label: '⌘N', aria: 'Meta+N' } : { label: 'Ctrl+N', aria: 'Control+N' };
  return apple ? { label: '⌥N', aria: 'Alt+N' } : { label: 'Alt+N', aria: 'Alt+N' };
}

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  repeat: boolean;
  isComposing: boolean;
}

export function isNewSessionKey(event: KeyLike, host: Host, apple = isApple()): boolean {
  if (event.repeat || event.isComposing || event.shiftKey) return false;
  if (host === 'electron') {
    const modifier = apple ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
    return modifier && !event.altKey && event.key.toLowerCase() === 'n';
  }
  return event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyN';
}

/** `focusComposer` is the App's own (the hook runs outside the composer-focus provider). */
export function useNewSessionShortcut(focusComposer: () => void): void {
  const store = useStoreApi();
  const host = useAppStore((state) => state.hello?.transport);
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || !isNewSessionKey(event, host)) return;
      event.preventDefault();
      focusComposer();
      void store.getState().newSession();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, host, focusComposer]);
}

function isApple(): boolean {
  return composerShortcutModifier() === '⌘';
}
