/**
 * Gives components the app's store without a module singleton, so tests and previews can
 * render against a store of their own.
 *
 * Invariant: components read through `useAppStore(selector)` with a narrow selector; a
 * selector that returns a fresh object would re-render on every commit (use `useShallow`).
 */

import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './app-store';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext value={store}>{children}</StoreContext>;
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useStoreApi(), selector);
}

/** For actions and one-off reads (event handlers), which must not subscribe to renders. */
export function useStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useAppStore needs a <StoreProvider> above it.');
  return store;
}
