/**
 * The dashboard's recent past: one row per flow sample, the newest `capacity` rows, one typed
 * ring per column.
 *
 * Invariants:
 * - Constant memory: every column is a `RingBuffer` of `capacity` numbers allocated up front
 *   (`HISTORY_CAPACITY` = 240 rows = 60 s at the core's 4 Hz); pushing never allocates.
 * - All columns always hold the same number of rows: a row is pushed whole or not at all.
 * - A reading that does not exist (no latency measured in the window, no renderer heap in this
 *   browser) is stored as NaN, which the charts draw as a gap rather than as 0.
 * - Units are the ones the charts show (seconds, KB, MB, ms), converted once on the way in.
 */

import { RingBuffer } from './ring-buffer';

export const HISTORY_CAPACITY = 240;

export const HISTORY_COLUMNS = [
  /** Core clock, seconds since the epoch (uPlot's time unit). */
  't',
  'linesPerSec',
  'kbPerSec',
  'queueKb',
  'lowWatermarkKb',
  'highWatermarkKb',
  /** 1 while reading of the agent's stdout is paused, else 0. */
  'paused',
  /** 1 while a batch waits for this view's credit, else 0. */
  'creditStarved',
  'latencyP50Ms',
  'latencyP99Ms',
  'mainRssMb',
  'mainHeapMb',
  'rendererHeapMb',
  'loopLagMs',
] as const;

export type HistoryColumn = (typeof HISTORY_COLUMNS)[number];
export type HistoryRow = Record<HistoryColumn, number>;

export class FlowHistory {
  readonly capacity: number;
  readonly columns: Readonly<Record<HistoryColumn, RingBuffer>>;

  constructor(capacity: number = HISTORY_CAPACITY) {
    this.capacity = capacity;
    const columns = {} as Record<HistoryColumn, RingBuffer>;
    for (const name of HISTORY_COLUMNS) columns[name] = new RingBuffer(capacity);
    this.columns = columns;
  }

  get size(): number {
    return this.columns.t.size;
  }

  push(row: HistoryRow): void {
    for (const name of HISTORY_COLUMNS) this.columns[name].push(row[name]);
  }

  clear(): void {
    for (const name of HISTORY_COLUMNS) this.columns[name].clear();
  }
}
