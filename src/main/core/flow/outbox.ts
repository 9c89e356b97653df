/**
 * Gathers the patches the pipeline produces and cuts them into batches, about one per frame,
 * never one message per agent line.
 *
 * Invariants:
 * - Order is kept: batches are delivered in push order, and patches within them too.
 * - Coalescing is lossless: adjacent appends to one block are joined (`coalescePatches`), so a
 *   view receives fewer, larger updates and exactly the same text.
 * - Bounded latency: a patch waits at most `BATCH_INTERVAL_MS` (plus the event loop's lag);
 *   a batch is cut early at `MAX_BATCH_PATCHES`.
 * - Each batch names the agent stdout lines it covers and carries a few agent write stamps
 *   (for latency), both gathered beside the patches, never inside them.
 */

import { coalescePatches, type SessionPatch } from '../../../shared/session-view';
import type { Clock } from '../clock';
import type { OutboundBatch } from './view-channel';

export const BATCH_INTERVAL_MS = 16;
export const MAX_BATCH_PATCHES = 5_000;
const MAX_STAMPS_PER_BATCH = 32;

export class Outbox {
  private pending: SessionPatch[] = [];
  private lines: [number, number] | null = null;
  private stamps: number[] = [];
  private timer: unknown = null;
  private coalesced = 0;

  constructor(
    private readonly deliver: (batch: OutboundBatch) => void,
    private readonly clock: Clock,
  ) {}

  /** Patches derived from agent stdout lines `lines` (inclusive), if any. */
  push(patches: readonly SessionPatch[], lines: [number, number] | null = null, stamps: readonly number[] = []): void {
    if (patches.length === 0 && lines === null) return;
    for (const patch of patches) this.pending.push(patch);
    if (lines !== null) this.lines = this.lines === null ? [lines[0], lines[1]] : [this.lines[0], lines[1]];
    for (const stamp of stamps) if (this.stamps.length < MAX_STAMPS_PER_BATCH) this.stamps.push(stamp);
    if (this.pending.length >= MAX_BATCH_PATCHES) this.flush();
    else if (this.timer === null) this.timer = this.clock.setTimeout(() => this.flush(), BATCH_INTERVAL_MS);
  }

  flush(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0 && this.lines === null) return;
    const patches = coalescePatches(this.pending);
    this.coalesced += this.pending.length - patches.length;
    const batch: OutboundBatch = { patches, lines: this.lines, agentStamps: this.stamps };
    this.pending = [];
    this.lines = null;
    this.stamps = [];
    this.deliver(batch);
  }

  /** Cumulative patches merged away by coalescing. */
  get coalescedPatches(): number {
    return this.coalesced;
  }
}
