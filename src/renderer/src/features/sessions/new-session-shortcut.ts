/**
 * The keyboard ways to a new session, from anywhere in the window, and the labels that document
 * them: the fast path starts one at once with the host's defaults (what a person pressing "new"
 * expects: no questions, straight to the message box); the same key with Shift opens the New
 * session dialog to choose its folder, model and permission mode.
 *
 * Invariants:
 * - In the Electron window it is Ctrl+N (⌘N on Apple platforms). In a browser (the web host) that
 *   key opens a browser window and a page cannot take it (nor Ctrl/⌘+Shift+N, a private
 *   window), so there it is Alt+N (⌥N), matched by the physical key, since ⌥N types a dead key
 *   on a Mac layout. The dialog's key adds Shift to either.
 * - Until `hello` says which host this is, the browser's keys apply: they are safe in both.
 * - One window listener for the shortcuts' lifetime; key repeats and input-method compositions
 *   start nothing, and neither key acts while the dialog is open.
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

/** The key that opens the New session dialog: the fast path's key plus Shift. */
export function newSessionDialogKeys(host: Host, apple = isApple()): NewSessionKeys {
  if (host === 'electron') return apple ? { label: '⇧⌘N', aria: 'Meta+Shift+N' } : { label: 'Ctrl+Shift+N', aria: 'Control+Shift+N' };
  return apple ? { label: '⌥⇧N', aria: 'Alt+Shift+N' } : { label: 'Alt+Shift+N', aria: 'Alt+Shift+N' };
}

export function isNewSessionKey(event: KeyLike, host: Host, apple = isApple()): boolean {
  return !event.shiftKey && isNewSessionChord(event, host, apple);
}

export function isNewSessionDialogKey(event: KeyLike, host: Host, apple = isApple()): boolean {
  return event.shiftKey && isNewSessionChord(event, host, apple);
}

/** The fast path's chord, Shift aside. */
function isNewSessionChord(event: KeyLike, host: Host, apple: boolean): boolean {
  if (event.repeat || event.isComposing) return false;
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
      if (event.defaultPrevented || store.getState().newSessionDialogOpen) return;
      if (isNewSessionKey(event, host)) {
        event.preventDefault();
        focusComposer();
        void store.getState().newSession();
      } else if (isNewSessionDialogKey(event, host)) {
        event.preventDefault();
        store.getState().openNewSessionDialog();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, host, focusComposer]);
}

function isApple(): boolean {
  return composerShortcutModifier() === '⌘';
}
