/**
 * Whether the window is too narrow for the sessions sidebar beside the transcript (below
 * `NARROW_WINDOW_PX`); there the sidebar becomes a drawer behind the `Sessions` button.
 *
 * Invariant: the breakpoint is the one styles/sessions.css uses (`max-width: 899px`); without
 * `matchMedia` (server rendering in tests) the window counts as wide.
 */

import { useSyncExternalStore } from 'react';

export const NARROW_WINDOW_PX = 900;
const QUERY = `(max-width: ${NARROW_WINDOW_PX - 1}px)`;

function subscribe(onChange: () => void): () => void {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => {};
  const list = window.matchMedia(QUERY);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

function isNarrow(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(QUERY).matches;
}

export function useNarrowWindow(): boolean {
  return useSyncExternalStore(subscribe, isNarrow, () => false);
}
