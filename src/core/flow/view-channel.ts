/**
 * One view's delivery channel: a bounded queue of patches, sent as numbered batches against
 * the view's credits.
 *
 * Invariants:
 * - Lossless and ordered: batches leave in order, numbered consecutively from 1 (the snapshot is
 *   batch 0); held patches are merged with `coalescePatches`, so a slow view receives fewer,
 *   larger batches carrying exactly the same text.
 * - Credit-based: with flow control on, at most CREDIT_WINDOW batches are in flight beyond the
 *   view's last acknowledged batch; without it (an in-process consumer), every batch leaves at
 *   once.
 * - Bounded batches: with flow control on, no batch weighs more than MAX_BATCH_BYTES (a longer
 *   queue leaves as several, text appends cut losslessly by `splitPatches`), so a view never
 *   has to draw more than that in one frame. A batch's `lines` and latency stamps travel with
 *   the piece that completes them: a view never counts a line it has not fully received.
 * - Bounded: the queue's weight is reported (`queuedBytes`) so the session can pause the agent's
 *   stdout above the hard cap; the channel itself never drops anything to stay small.
 */

import { coalescePatches, patchesWeight, splitPatches, type SessionPatch } from '../../shared/session-view';
import { CREDIT_WINDOW, MAX_BATCH_BYTES, MAX_STAMPS_PER_BATCH, type FlowSample, type ViewEvent } from '../../shared/protocol';

/** Named bounds of a view's queue (bytes are estimated from the text the patches carry). */
export const FLOW_LIMITS = {
  /** Below this the agent's stdout is read again after a pause. */
  lowWatermarkBytes: 128 * 1024,
  /** Above this a view is "behind": batches grow (coalescing) instead of multiplying. */
  highWatermarkBytes: 512 * 1024,
  /** Above this the agent's stdout is paused: real backpressure down to its write(). */
  hardCapBytes: 1024 * 1024,
  /** The same two bounds in patches held, for many small updates that do not coalesce. */
  lowWatermarkPatches: 2_000,
  hardCapPatches: 16_000,
  /** Stdout chunks handed to the journal writer and not yet written: pause above, read below. */
  journalHardCapChunks: 64,
  journalLowWatermarkChunks: 8,
} as const;

/** How deep a view's queue is. */
export interface QueueDepth {
  bytes: number;
  patches: number;
}

/**
 * Whether the agent's stdout should be paused, given whether it is, the deepest view queue and
 * the chunks the journal has not written yet: pause above any hard cap, read again only once
 * below every low watermark (hysteresis, so reading does not flap around one bound).
 */
export function shouldPause(paused: boolean, deepest: QueueDepth, unjournaledChunks = 0): boolean {
  if (!paused) {
    return deepest.bytes > FLOW_LIMITS.hardCapBytes || deepest.patches > FLOW_LIMITS.hardCapPatches || unjournaledChunks > FLOW_LIMITS.journalHardCapChunks;
  }
  return (
    deepest.bytes >= FLOW_LIMITS.lowWatermarkBytes ||
    deepest.patches >= FLOW_LIMITS.lowWatermarkPatches ||
    unjournaledChunks >= FLOW_LIMITS.journalLowWatermarkChunks
  );
}

/** A batch as the outbox cuts it, before it is numbered for a view. */
export interface OutboundBatch {
  patches: SessionPatch[];
  lines: [number, number] | null;
  agentStamps: number[];
}

export class ViewChannel {
  readonly id: number;
  private pending: OutboundBatch | null = null;
  private pendingBytes = 0;
  private sentBatch = 0;
  private ackedBatch = 0;
  private delivered = 0;
  private coalesced = 0;

  constructor(
    id: number,
    private readonly send: (event: ViewEvent) => void,
    private readonly sessionId: string,
    private readonly flowControl: boolean,
  ) {
    this.id = id;
  }

  /** Queues a batch and sends what the credits allow. */
  enqueue(batch: OutboundBatch): void {
    this.pendingBytes += patchesWeight(batch.patches);
    if (this.pending === null) this.pending = batch;
    else {
      const merged = [...this.pending.patches, ...batch.patches];
      const patches = coalescePatches(merged);
      this.coalesced += merged.length - patches.length;
      this.pending = {
        patches,
        lines: joinRanges(this.pending.lines, batch.lines),
        agentStamps: [...this.pending.agentStamps, ...batch.agentStamps].slice(-MAX_STAMPS_PER_BATCH),
      };
    }
    this.pump();
  }

  /** Flow samples go out at once, beside the data and outside the credit window (they are few). */
  sendMetrics(sample: FlowSample): void {
    this.send({ kind: 'metrics', sessionId: this.sessionId, sample });
  }

  /** The view has applied batch `batch`: open the window again. */
  credit(batch: number): void {
    if (batch > this.ackedBatch) this.ackedBatch = Math.min(batch, this.sentBatch);
    this.pump();
  }

  get queuedBytes(): number {
    return this.pendingBytes;
  }

  get queuedPatches(): number {
    return this.pending?.patches.length ?? 0;
  }

  /** A batch is waiting and the view has no credit for it. */
  get creditStarved(): boolean {
    return this.pending !== null && !this.hasCredit();
  }

  /** The last agent stdout line whose patches left for this view. */
  get deliveredLines(): number {
    return this.delivered;
  }

  get coalescedPatches(): number {
    return this.coalesced;
  }

  private hasCredit(): boolean {
    return !this.flowControl || this.sentBatch - this.ackedBatch < CREDIT_WINDOW;
  }

  private pump(): void {
    while (this.pending !== null && this.hasCredit()) {
      const { head, rest } = this.flowControl ? splitPatches(this.pending.patches, MAX_BATCH_BYTES) : { head: this.pending.patches, rest: [] };
      if (rest.length > 0) {
        this.pending = { ...this.pending, patches: rest };
        this.pendingBytes = patchesWeight(rest);
        this.sendBatch(head, null, []);
      } else {
        const { lines, agentStamps } = this.pending;
        this.pending = null;
        this.pendingBytes = 0;
        if (lines !== null) this.delivered = lines[1];
        this.sendBatch(head, lines, agentStamps);
      }
    }
  }

  private sendBatch(patches: SessionPatch[], lines: [number, number] | null, agentStamps: number[]): void {
    this.sentBatch++;
    if (!this.flowControl) this.ackedBatch = this.sentBatch;
    this.send({ kind: 'patches', sessionId: this.sessionId, patches, batch: this.sentBatch, lines, agentStamps });
  }
}

function joinRanges(a: [number, number] | null, b: [number, number] | null): [number, number] | null {
  if (a === null) return b;
  if (b === null) return a;
  return [a[0], b[1]];
}
