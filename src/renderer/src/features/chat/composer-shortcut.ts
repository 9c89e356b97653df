/**
 * The keyboard way back to the message box: Ctrl+L (⌘L on Apple platforms) focuses the
 * composer from anywhere in the window.
 *
 * Invariant: the listener is the window's, added once per mounted composer and removed with it.
 */

import { useEffect, type RefObject } from 'react';

export function useComposerShortcut(inputRef: RefObject<HTMLTextAreaElement | null>): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      const modifier = isApplePlatform() ? event.metaKey : event.ctrlKey;
      if (!modifier || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'l') return;
      event.preventDefault();
      inputRef.current?.focus();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [inputRef]);
}

export function composerShortcutModifier(): string {
  return isApplePlatform() ? '⌘' : 'Ctrl';
}

function isApplePlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}
