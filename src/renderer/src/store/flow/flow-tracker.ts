/**
 * Everything the dashboard measures on the view's side of the pipe: delivered lines and losses
 * (LineLedger), agent→view latency (LatencyWindow), the renderer's heap, and the history of the
 * core's flow samples (FlowHistory).
 *
 * Invariants:
 * - Fed at receive time, not at commit time: latency is "agent write → view receive", and the
 *   ledger sees every batch even when several are folded into one frame.
 * - `takeSummary` hands out a new `FlowSummary` object only when something a person can see
 *   changed (a metrics sample, a loss, a snapshot), so the dashboard re-renders a few times a
 *   second under a firehose, not once per batch.
 * - Bounded memory: the ledger is a few numbers, latency and history are fixed-size rings.
 * - No I/O and no clock of its own: `now` and `readHeap` are handed in.
 * - Per session: a snapshot of another session than the last one starts everything over (the
 *   core's latest sample, batches, latency, chart history and the ledger), so the dashboard of
 *   a session never shows another's flow. A snapshot of the same session (a reconnection) keeps
 *   it all.
 */

import type { FlowSample } from '../../../../shared/protocol';
import { FlowHistory } from './flow-history';
import { LatencyWindow } from './latency-window';
import { LineLedger, type LineRange } from './line-ledger';

export interface FlowSummary {
  /** The core's latest sample for this view, or null before the first one. */
  sample: FlowSample | null;
  contiguousLine: number;
  newestLine: number;
  /** Lines missing from the ranges older than the newest line received (see LineLedger). */
  lostLines: number;
  gaps: number;
  repeatedLines: number;
  /** Journaled by the core (per its latest sample) but not received here yet. */
  inFlightLines: number;
  batches: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  rendererHeapBytes: number | null;
}

export const EMPTY_FLOW_SUMMARY: FlowSummary = Object.freeze({
  sample: null,
  contiguousLine: 0,
  newestLine: 0,
  lostLines: 0,
  gaps: 0,
  repeatedLines: 0,
  inFlightLines: 0,
  batches: 0,
  latencyP50Ms: null,
  latencyP99Ms: null,
  rendererHeapBytes: null,
});

export interface FlowTrackerDeps {
  now?: () => number;
  /** The renderer's used JS heap in bytes, or null where the browser does not tell. */
  readHeap?: () => number | null;
  historyCapacity?: number;
  latency?: LatencyWindow;
}

const KB = 1_024;
const MB = 1_024 * 1_024;

export class FlowTracker {
  readonly history: FlowHistory;
  readonly ledger = new LineLedger();
  readonly latency: LatencyWindow;
  private readonly now: () => number;
  private readonly readHeap: () => number | null;
  private sample: FlowSample | null = null;
  private batches = 0;
  private latencyP50: number | null = null;
  private latencyP99: number | null = null;
  private rendererHeap: number | null = null;
  private changed = false;
  private sessionId: string | null = null;
  /** Rows pushed into `history` since it was created; charts redraw when it moves. */
  historyVersion = 0;

  constructor(deps: FlowTrackerDeps = {}) {
    this.now = deps.now ?? Date.now;
    this.readHeap = deps.readHeap ?? (() => null);
    this.history = new FlowHistory(deps.historyCapacity);
    this.latency = deps.latency ?? new LatencyWindow();
  }

  onSnapshot(sessionId: string, lines: number): void {
    if (sessionId !== this.sessionId) {
      this.sessionId = sessionId;
      this.sample = null;
      this.batches = 0;
      this.latencyP50 = null;
      this.latencyP99 = null;
      this.latency.clear();
      if (this.history.size > 0) {
        this.history.clear();
        this.historyVersion += 1;
      }
    }
    this.ledger.startAt(sessionId, lines);
    this.changed = true;
  }

  onPatches(lines: LineRange | null, agentStamps: readonly number[]): void {
    this.batches += 1;
    if (this.ledger.receive(lines) > 0) this.changed = true;
    if (agentStamps.length === 0) return;
    const receivedAt = this.now();
    for (const stamp of agentStamps) this.latency.record(receivedAt, stamp);
  }

  onMetrics(sample: FlowSample): void {
    this.sample = sample;
    const latency = this.latency.percentiles(this.now());
    this.latencyP50 = latency?.p50 ?? null;
    this.latencyP99 = latency?.p99 ?? null;
    // Sampled with the core's metrics, so both memory lines share one time axis.
    this.rendererHeap = this.readHeap();
    this.history.push({
      t: sample.t / 1_000,
      linesPerSec: sample.linesPerSec,
      kbPerSec: sample.bytesPerSec / KB,
      queueKb: sample.queueBytes / KB,
      lowWatermarkKb: sample.lowWatermarkBytes / KB,
      highWatermarkKb: sample.highWatermarkBytes / KB,
      paused: sample.paused ? 1 : 0,
      creditStarved: sample.creditStarved ? 1 : 0,
      latencyP50Ms: this.latencyP50 ?? Number.NaN,
      latencyP99Ms: this.latencyP99 ?? Number.NaN,
      mainRssMb: sample.mainRssBytes / MB,
      mainHeapMb: sample.mainHeapUsedBytes / MB,
      rendererHeapMb: this.rendererHeap === null ? Number.NaN : this.rendererHeap / MB,
      loopLagMs: sample.loopLagMs,
    });
    this.historyVersion += 1;
    this.changed = true;
  }

  /** A fresh summary when something visible changed since the last call, else null. */
  takeSummary(): FlowSummary | null {
    if (!this.changed) return null;
    this.changed = false;
    return {
      sample: this.sample,
      contiguousLine: this.ledger.contiguousLine,
      newestLine: this.ledger.newestLine,
      lostLines: this.ledger.lostLines,
      gaps: this.ledger.gaps,
      repeatedLines: this.ledger.repeatedLines,
      inFlightLines: this.sample === null ? 0 : this.ledger.inFlight(this.sample.journaledLines),
      batches: this.batches,
      latencyP50Ms: this.latencyP50,
      latencyP99Ms: this.latencyP99,
      rendererHeapBytes: this.rendererHeap,
    };
  }
}

interface PerformanceWithMemory extends Performance {
  /** Chromium only (Electron and Chrome): the page's JS heap. */
  memory?: { usedJSHeapSize: number };
}

/** The renderer's used JS heap where Chromium exposes it (`performance.memory`), else null. */
export function readRendererHeap(): number | null {
  if (typeof performance === 'undefined') return null;
  const used = (performance as PerformanceWithMemory).memory?.usedJSHeapSize;
  return typeof used === 'number' ? used : null;
}
