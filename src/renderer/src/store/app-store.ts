/**
 * The renderer's one store, built from slices. Components read it through narrow selectors
 * (store-context.tsx); nothing writes to it except the slices' actions.
 *
 * Invariant: the store owns no I/O. The API it may call (`send`, `interrupt`) and the frame scheduler are
 * handed in, so the whole store runs in plain Node under test.
 */

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SluiceApi } from '../../../shared/protocol';
import { createComposerSlice, type ComposerSlice } from './composer-slice';
import { createControlsSlice, type ControlsSlice } from './controls-slice';
import type { FrameScheduler } from './frame-commit';
import { createSessionSlice, type SessionSlice } from './session-slice';

export type AppState = SessionSlice & ComposerSlice & ControlsSlice;
export type AppStore = StoreApi<AppState>;

export interface AppStoreDeps {
  api: Pick<SluiceApi, 'send' | 'interrupt'>;
  scheduler?: FrameScheduler;
}

export function createAppStore(deps: AppStoreDeps): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createSessionSlice({ scheduler: deps.scheduler })(...args),
    ...createComposerSlice({ api: deps.api })(...args),
    ...createControlsSlice({ api: deps.api })(...args),
  }));
}
