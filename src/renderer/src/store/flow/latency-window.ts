/**
 * Agent write → view receive latency: the recent measurements and their percentiles.
 *
 * Each batch carries the agent's write times (`agentStamps`, the simulator's `sim_ts`) of some of
 * its lines; the view records `receivedAt - stamp` for each as it arrives.
 *
 * Invariants:
 * - Bounded: the newest `capacity` measurements are kept in typed-array rings, older ones
 *   dropped; computing percentiles reuses one scratch array, so nothing grows with the stream.
 * - Percentiles cover only measurements received within `windowMs` before `now`: a stream that
 *   stopped shows no latency (null), not the last one forever.
 * - Nearest-rank percentiles: p50 and p99 are values that were actually measured.
 * - The clock is the caller's: `record` and `percentiles` take times, so tests use a fake clock.
 */

import { RingBuffer } from './ring-buffer';

export const LATENCY_CAPACITY = 4_096;
export const LATENCY_WINDOW_MS = 2_000;

export interface LatencyPercentiles {
  p50: number;
  p99: number;
  count: number;
}

export class LatencyWindow {
  private readonly receivedAt: RingBuffer;
  private readonly latencies: RingBuffer;
  private readonly scratch: Float64Array;

  constructor(
    readonly capacity: number = LATENCY_CAPACITY,
    readonly windowMs: number = LATENCY_WINDOW_MS,
  ) {
    this.receivedAt = new RingBuffer(capacity);
    this.latencies = new RingBuffer(capacity);
    this.scratch = new Float64Array(capacity);
  }

  get size(): number {
    return this.latencies.size;
  }

  /** One line written by the agent at `stamp` and received here at `receivedAt` (ms). */
  record(receivedAt: number, stamp: number): void {
    // Both clocks are this machine's; a negative difference is clock adjustment, not time travel.
    this.receivedAt.push(receivedAt);
    this.latencies.push(Math.max(0, receivedAt - stamp));
  }

  /** p50/p99 over the last `windowMs` before `now`; null when nothing arrived in that window. */
  percentiles(now: number): LatencyPercentiles | null {
    const since = now - this.windowMs;
    let count = 0;
    // Newest first: stop at the first measurement older than the window.
    for (let i = this.latencies.size - 1; i >= 0; i--) {
      if (this.receivedAt.at(i) < since) break;
      this.scratch[count++] = this.latencies.at(i);
    }
    if (count === 0) return null;
    const window = this.scratch.subarray(0, count).sort();
    return { p50: nearestRank(window, 50), p99: nearestRank(window, 99), count };
  }

  clear(): void {
    this.receivedAt.clear();
    this.latencies.clear();
  }
}

function nearestRank(sorted: Float64Array, percentile: number): number {
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1] as number;
}
