/**
 * What the dashboard shows: the flow summary (counters, loss, latency percentiles) and the
 * history its charts draw, plus whether the dashboard is open.
 *
 * Invariants:
 * - `flow` and `flowHistoryVersion` change only in the frame commit (`flowContribution`), so
 *   the dashboard, like the transcript, changes at most once per frame.
 * - `flowHistory` is the same object for the store's whole life (typed rings mutated in place);
 *   charts watch `flowHistoryVersion` and redraw from it, so a sample never allocates a copy.
 * - Nothing here is read by the transcript: opening the dashboard or a new sample does not
 *   re-render a message.
 */

import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';
import type { FlowHistory } from './flow/flow-history';
import type { FrameContribution } from './frame-commit';
import { EMPTY_FLOW_SUMMARY, type FlowSummary, type FlowTracker } from './flow/flow-tracker';

export interface FlowSlice {
  flow: FlowSummary;
  flowHistory: FlowHistory;
  /** Rows pushed into `flowHistory` so far; changes when a chart has something new to draw. */
  flowHistoryVersion: number;
  /** Whether the renderer can read its own heap (Chromium); decides the Memory chart's lines. */
  rendererHeapAvailable: boolean;
  dashboardOpen: boolean;
  setDashboardOpen(open: boolean): void;
  toggleDashboard(): void;
}

export interface FlowSliceDeps {
  tracker: FlowTracker;
  rendererHeapAvailable: boolean;
}

/** The flow slice's part of each frame commit: the new summary and history version, if any. */
export function flowContribution(tracker: FlowTracker): FrameContribution<AppState> {
  return {
    frame(_shown, state) {
      const update: Partial<AppState> = {};
      const summary = tracker.takeSummary();
      if (summary !== null) update.flow = summary;
      if (tracker.historyVersion !== state.flowHistoryVersion) update.flowHistoryVersion = tracker.historyVersion;
      return update;
    },
  };
}

export function createFlowSlice(deps: FlowSliceDeps): StateCreator<AppState, [], [], FlowSlice> {
  return (set) => ({
    flow: EMPTY_FLOW_SUMMARY,
    flowHistory: deps.tracker.history,
    flowHistoryVersion: deps.tracker.historyVersion,
    rendererHeapAvailable: deps.rendererHeapAvailable,
    dashboardOpen: false,
    setDashboardOpen(open) {
      set({ dashboardOpen: open });
    },
    toggleDashboard() {
      set((state) => ({ dashboardOpen: !state.dashboardOpen }));
    },
  });
}
