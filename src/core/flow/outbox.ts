/**
 * Gathers the patches the pipeline produces and cuts them into batches, about one per frame,
 * never one message per agent line.
 *
 * Invariants:
 * - Journal first: every push is tagged with the journal's ticket at that moment, and a patch
 *   is delivered only once that ticket is written (journal.ts). So a view never shows anything
 *   derived from a line the journal does not hold yet. The session calls `flush()` again when
 *   the journal reports a write.
 * - Order is kept: batches are delivered in push order, and patches within them too (a patch
 *   waiting for the journal holds back everything pushed after it).
 * - Coalescing is lossless: adjacent appends to one block are joined (`coalescePatches`), so a
 *   view receives fewer, larger updates and exactly the same text.
 * - Bounded latency: a patch waits at most `BATCH_INTERVAL_MS` (plus the event loop's lag, plus
 *   its journal write); a batch is cut early at `MAX_BATCH_PATCHES`.
 * - Each batch names the agent stdout lines it covers and carries a few agent write stamps
 *   (for latency), both gathered beside the patches, never inside them.
 */

import { coalescePatches, type SessionPatch } from '../../shared/session-view';
import type { Clock } from '../clock';
import type { OutboundBatch } from './view-channel';

export const BATCH_INTERVAL_MS = 16;
export const MAX_BATCH_PATCHES = 5_000;
const MAX_STAMPS_PER_BATCH = 32;

/** What the outbox needs of the journal: the ticket of what it was given, and what is written. */
export interface JournalGate {
  readonly ticket: number;
  isWritten(ticket: number): boolean;
}

/** Patches pushed while the journal's ticket was `ticket`. */
interface Segment {
  ticket: number;
  patches: SessionPatch[];
  lines: [number, number] | null;
  stamps: number[];
}

const NO_JOURNAL: JournalGate = { ticket: 0, isWritten: () => true };

export class Outbox {
  private segments: Segment[] = [];
  private pendingPatches = 0;
  private timer: unknown = null;
  private coalesced = 0;

  constructor(
    private readonly deliver: (batch: OutboundBatch) => void,
    private readonly clock: Clock,
    private readonly journal: JournalGate = NO_JOURNAL,
  ) {}

  /** Patches derived from agent stdout lines `lines` (inclusive), if any. */
  push(patches: readonly SessionPatch[], lines: [number, number] | null = null, stamps: readonly number[] = []): void {
    if (patches.length === 0 && lines === null) return;
    const segment = this.segmentFor(this.journal.ticket);
    for (const patch of patches) segment.patches.push(patch);
    if (lines !== null) segment.lines = segment.lines === null ? [lines[0], lines[1]] : [segment.lines[0], lines[1]];
    for (const stamp of stamps) if (segment.stamps.length < MAX_STAMPS_PER_BATCH) segment.stamps.push(stamp);
    this.pendingPatches += patches.length;
    if (this.pendingPatches >= MAX_BATCH_PATCHES) this.flush();
    else if (this.timer === null) this.timer = this.clock.setTimeout(() => this.flush(), BATCH_INTERVAL_MS);
  }

  /** Delivers everything whose journal records are written, as one batch. */
  flush(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    let ready = 0;
    while (ready < this.segments.length && this.journal.isWritten((this.segments[ready] as Segment).ticket)) ready++;
    if (ready === 0) return;
    const taken = this.segments.splice(0, ready);
    const pending = taken.length === 1 ? (taken[0] as Segment).patches : taken.flatMap((segment) => segment.patches);
    this.pendingPatches -= pending.length;
    const patches = coalescePatches(pending);
    this.coalesced += pending.length - patches.length;
    this.deliver({ patches, lines: linesOf(taken), agentStamps: taken.flatMap((segment) => segment.stamps).slice(0, MAX_STAMPS_PER_BATCH) });
  }

  /** Cumulative patches merged away by coalescing. */
  get coalescedPatches(): number {
    return this.coalesced;
  }

  private segmentFor(ticket: number): Segment {
    const last = this.segments.at(-1);
    if (last !== undefined && last.ticket === ticket) return last;
    const segment: Segment = { ticket, patches: [], lines: null, stamps: [] };
    this.segments.push(segment);
    return segment;
  }
}

function linesOf(segments: readonly Segment[]): [number, number] | null {
  let lines: [number, number] | null = null;
  for (const segment of segments) {
    if (segment.lines === null) continue;
    lines = lines === null ? [segment.lines[0], segment.lines[1]] : [lines[0], segment.lines[1]];
  }
  return lines;
}
