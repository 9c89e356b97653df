/**
 * Ctrl+D (⌘D on Apple platforms) shows or hides the stream dashboard from anywhere in the
 * window, and the label that documents it. One listener for the window's lifetime.
 */

import { useEffect } from 'react';
import { useStoreApi } from '../../store/store-context';
import { composerShortcutModifier } from '../chat/composer-shortcut';

export function useDashboardShortcut(): void {
  const store = useStoreApi();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      const apple = composerShortcutModifier() === '⌘';
      const modifier = apple ? event.metaKey : event.ctrlKey;
      if (!modifier || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'd') return;
      if (event.isComposing || event.repeat) return;
      // The browser's own Ctrl+D (bookmark) would take the key otherwise.
      event.preventDefault();
      store.getState().toggleDashboard();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/** "Ctrl+D" or "⌘D", for tooltips and hints. */
export function dashboardShortcutLabel(): string {
  const modifier = composerShortcutModifier();
  return modifier === '⌘' ? '⌘D' : `${modifier}+D`;
}

/** The same key for `aria-keyshortcuts`. */
export function dashboardAriaShortcut(): string {
  return composerShortcutModifier() === '⌘' ? 'Meta+D' : 'Control+D';
}
