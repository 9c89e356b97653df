import { describe, expect, it } from 'vitest';
import { flowSample } from '../session-fixtures';
import { FlowTracker } from './flow-tracker';
import { HISTORY_CAPACITY } from './flow-history';

describe('FlowTracker', () => {
  it('measures agent write → receive latency with the clock at receipt', () => {
    let now = 50_000;
    const tracker = new FlowTracker({ now: () => now });
    tracker.onSnapshot('s', 0);
    tracker.onPatches([1, 3], [now - 12, now - 30, now - 20]);
    now += 500;
    tracker.onMetrics(flowSample({ t: now }));
    expect(tracker.takeSummary()).toMatchObject({ latencyP50Ms: 20, latencyP99Ms: 30 });
  });

  it('computes Lost from the ranges and in-flight from the core’s journaled lines', () => {
    const tracker = new FlowTracker({ now: () => 0 });
    tracker.onSnapshot('s', 0);
    tracker.onPatches([1, 10], []);
    tracker.onPatches([16, 20], []);
    tracker.onMetrics(flowSample({ journaledLines: 32 }));
    expect(tracker.takeSummary()).toMatchObject({ lostLines: 5, gaps: 1, newestLine: 20, contiguousLine: 10, inFlightLines: 12 });
  });

  it('hands out a new summary only when something visible changed', () => {
    const tracker = new FlowTracker({ now: () => 0 });
    tracker.onSnapshot('s', 0);
    expect(tracker.takeSummary()).not.toBeNull();
    tracker.onPatches([1, 2], []);
    expect(tracker.takeSummary()).toBeNull();
    tracker.onPatches([5, 6], []);
    expect(tracker.takeSummary()?.lostLines).toBe(2);
  });

  it('samples the renderer heap with each metrics sample and keeps the history fixed-size', () => {
    let heap = 10 * 1024 * 1024;
    const tracker = new FlowTracker({ now: () => 0, readHeap: () => (heap += 1024 * 1024) });
    for (let i = 0; i < HISTORY_CAPACITY * 3; i++) tracker.onMetrics(flowSample({ t: i * 250, paused: i % 2 === 0 }));
    expect(tracker.history.size).toBe(HISTORY_CAPACITY);
    expect(tracker.historyVersion).toBe(HISTORY_CAPACITY * 3);
    expect(tracker.history.columns.rendererHeapMb.newest()).toBe(heap / (1024 * 1024));
    expect(tracker.history.columns.t.newest()).toBe(((HISTORY_CAPACITY * 3 - 1) * 250) / 1000);
    expect(tracker.takeSummary()?.rendererHeapBytes).toBe(heap);
  });

  it('records a missing reading as a gap, not as zero', () => {
    const tracker = new FlowTracker({ now: () => 0, readHeap: () => null });
    tracker.onMetrics(flowSample());
    expect(tracker.history.columns.rendererHeapMb.newest()).toBeNaN();
    expect(tracker.history.columns.latencyP99Ms.newest()).toBeNaN();
  });
});
