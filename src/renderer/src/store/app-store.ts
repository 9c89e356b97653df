/**
 * The renderer's one store, built from slices. Components read it through narrow selectors
 * (store-context.tsx); nothing writes to it except the slices' actions (and one subscription
 * that lets a held send follow the agent's state: composer-slice.ts).
 *
 * Invariant: the store owns no I/O. The commands it may send (`StoreCommands`), the frame
 * scheduler, the clock and the heap reader are handed in, so the whole store runs in plain Node
 * under test.
 */

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SluiceApi } from '../../../shared/protocol';
import { composerContribution, createComposerSlice, followAgentForQueuedSend, type ComposerSlice } from './composer-slice';
import { createControlsSlice, type ControlsSlice } from './controls-slice';
import { FlowTracker, readRendererHeap } from './flow/flow-tracker';
import { createFlowSlice, flowContribution, type FlowSlice } from './flow-slice';
import type { FrameScheduler } from './frame-commit';
import { createRecoverySlice, recoveryContribution, type RecoverySlice } from './recovery-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createSessionsSlice, SessionListSync, sessionListContribution, type SessionsSlice } from './sessions-slice';
import { createSimSlice, type SimSlice } from './sim-slice';

export type AppState = SessionSlice & SessionsSlice & ComposerSlice & ControlsSlice & RecoverySlice & FlowSlice & SimSlice;

/** The commands the store may send. */
export type StoreCommands = Pick<
  SluiceApi,
  'send' | 'interrupt' | 'credit' | 'continueTurn' | 'retryTurn' | 'approve' | 'listSessions' | 'openSession' | 'newSession' | 'changeSettings' | 'pickFolder'
>;
export type AppStore = StoreApi<AppState>;

export interface AppStoreDeps {
  api: StoreCommands;
  scheduler?: FrameScheduler;
  /** Wall clock for latency (ms since the epoch); Date.now by default. */
  now?: () => number;
  /** The renderer's JS heap in bytes, or null; `performance.memory` by default. */
  readHeap?: () => number | null;
}

export function createAppStore(deps: AppStoreDeps): AppStore {
  const readHeap = deps.readHeap ?? readRendererHeap;
  const tracker = new FlowTracker({ now: deps.now, readHeap });
  const sync = new SessionListSync();
  const store = createStore<AppState>()((...args) => ({
    ...createSessionSlice({
      api: deps.api,
      tracker,
      sync,
      contributions: [sessionListContribution(sync), flowContribution(tracker), composerContribution, recoveryContribution],
      scheduler: deps.scheduler,
    })(...args),
    ...createSessionsSlice({ api: deps.api, sync })(...args),
    ...createComposerSlice({ api: deps.api })(...args),
    ...createControlsSlice({ api: deps.api })(...args),
    ...createRecoverySlice({ api: deps.api })(...args),
    ...createFlowSlice({ tracker, rendererHeapAvailable: readHeap() !== null })(...args),
    ...createSimSlice()(...args),
  }));
  store.subscribe(followAgentForQueuedSend);
  return store;
}
