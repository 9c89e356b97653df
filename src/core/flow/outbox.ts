/**
 * The journal gate: holds the pipeline's patches until the journal holds the lines they derive
 * from, then hands them on as one batch.
 *
 * Invariants:
 * - Journal first: every push is tagged with the journal's ticket at that moment, and a patch
 *   is delivered only once that ticket is written (journal.ts). So a view never shows anything
 *   derived from a line the journal does not hold yet. `flush()` delivers what is written; the
 *   owner calls it after each push and again whenever the journal reports a write.
 * - Order is kept: batches are delivered in push order, and patches within them too (a patch
 *   waiting for the journal holds back everything pushed after it).
 * - Coalescing is lossless: what waited together is joined (`coalescePatches`), so a view
 *   receives fewer, larger updates and exactly the same text.
 * - Each batch names the agent stdout lines it covers and carries at most
 *   `MAX_STAMPS_PER_BATCH` agent write stamps (for latency), both gathered beside the patches.
 */

import { MAX_STAMPS_PER_BATCH } from '../../shared/protocol';
import { coalescePatches, type SessionPatch } from '../../shared/session-view';
import type { OutboundBatch } from './view-channel';

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
  private coalesced = 0;

  constructor(
    private readonly deliver: (batch: OutboundBatch) => void,
    private readonly journal: JournalGate = NO_JOURNAL,
  ) {}

  /** Patches derived from agent stdout lines `lines` (inclusive), if any. */
  push(patches: readonly SessionPatch[], lines: [number, number] | null = null, stamps: readonly number[] = []): void {
    if (patches.length === 0 && lines === null) return;
    const segment = this.segmentFor(this.journal.ticket);
    for (const patch of patches) segment.patches.push(patch);
    if (lines !== null) segment.lines = segment.lines === null ? [lines[0], lines[1]] : [segment.lines[0], lines[1]];
    for (const stamp of stamps) if (segment.stamps.length < MAX_STAMPS_PER_BATCH) segment.stamps.push(stamp);
  }

  /** Delivers everything whose journal records are written, as one batch. */
  flush(): void {
    let ready = 0;
    while (ready < this.segments.length && this.journal.isWritten((this.segments[ready] as Segment).ticket)) ready++;
    if (ready === 0) return;
    const taken = this.segments.splice(0, ready);
    const pending = taken.length === 1 ? (taken[0] as Segment).patches : taken.flatMap((segment) => segment.patches);
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
