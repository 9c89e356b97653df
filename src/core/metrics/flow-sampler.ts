/**
 * Samples the flow beside the pipeline, a few times a second, for the dashboard.
 *
 * Invariants:
 * - Nothing here runs per agent line: the pipeline only increments counters, and the sampler
 *   reads them on its own timer (`SAMPLE_INTERVAL_MS`), so measuring never slows the stream.
 * - Fixed memory: one event-loop-delay histogram, reset every interval, and the last totals.
 * - It runs only while at least one view is subscribed.
 */

import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { FlowSample } from '../../shared/protocol';
import type { Clock } from '../clock';
import { FLOW_LIMITS } from '../flow/view-channel';

export const SAMPLE_INTERVAL_MS = 250;

/** The part of a sample that is the same for every view. */
export type SessionSample = Omit<
  FlowSample,
  'queueBytes' | 'queuePatches' | 'creditStarved' | 'deliveredLines' | 'coalescedPatches' | 'paused' | 'pauses'
>;

export interface FlowSamplerDeps {
  clock: Clock;
  totals(): { lines: number; bytes: number };
  publish(sample: SessionSample): void;
}

export class FlowSampler {
  private timer: unknown = null;
  private histogram: IntervalHistogram | null = null;
  private last = { t: 0, lines: 0, bytes: 0 };

  constructor(private readonly deps: FlowSamplerDeps) {}

  start(): void {
    if (this.timer !== null) return;
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.last = { t: this.deps.clock.now(), ...this.deps.totals() };
    this.schedule();
  }

  stop(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    this.histogram?.disable();
    this.histogram = null;
  }

  private schedule(): void {
    this.timer = this.deps.clock.setTimeout(() => {
      this.tick();
      if (this.timer !== null) this.schedule();
    }, SAMPLE_INTERVAL_MS);
  }

  private tick(): void {
    const t = this.deps.clock.now();
    const totals = this.deps.totals();
    const seconds = Math.max((t - this.last.t) / 1000, 0.001);
    const memory = process.memoryUsage();
    const lagNs = this.histogram?.percentile(99) ?? 0;
    this.histogram?.reset();
    this.deps.publish({
      t,
      linesPerSec: Math.round((totals.lines - this.last.lines) / seconds),
      bytesPerSec: Math.round((totals.bytes - this.last.bytes) / seconds),
      lowWatermarkBytes: FLOW_LIMITS.lowWatermarkBytes,
      highWatermarkBytes: FLOW_LIMITS.highWatermarkBytes,
      hardCapBytes: FLOW_LIMITS.hardCapBytes,
      journaledLines: totals.lines,
      mainRssBytes: memory.rss,
      mainHeapUsedBytes: memory.heapUsed,
      // The histogram's floor is its resolution: report only the delay beyond it.
      loopLagMs: Math.max(0, Math.round(lagNs / 1e5) / 10 - 10),
    });
    this.last = { t, ...totals };
  }
}
