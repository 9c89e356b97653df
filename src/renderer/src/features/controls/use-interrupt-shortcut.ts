/**
 * Escape interrupts the streaming turn from anywhere in the window, like Claude Code's own
 * terminal UI. It leaves Escape alone while an input method is composing, and when no turn is
 * streaming (so Escape keeps its usual meaning in menus and dialogs), and when a control already
 * handled it (`defaultPrevented`: e.g. Escape closing an approval card's deny form).
 */

import { useEffect } from 'react';
import { useStoreApi } from '../../store/store-context';
import { selectIsStreaming } from '../../store/selectors';

export function useInterruptShortcut(): void {
  const store = useStoreApi();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented) return;
      if (!selectIsStreaming(store.getState())) return;
      event.preventDefault();
      void store.getState().interrupt();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
