/**
 * Where a session's patches go: through the journal gate, into the core's own copy of the view,
 * and out to every view open on the session.
 *
 * Invariants:
 * - Journal first: a published patch is applied and delivered only once the journal holds every
 *   line it derives from (outbox.ts); `journalWritten` is the signal to look again.
 * - The core's copy (`state`) is exactly what the views were sent, in the same order, built by
 *   the same `applyPatches`. Long texts in it are moved out to the spill file (text-spill.ts):
 *   `view` hydrates them back, `state` does not (cheap reads: turns, the last message).
 * - Each view gets a snapshot of the hydrated view first, then every batch in order (its own
 *   channel, against its credits: view-fanout.ts, view-channel.ts).
 * - The agent's stdout is paused while a view's queue or the journal writer is past its hard cap,
 *   and read again below every low watermark (`setStdoutPaused`).
 * - `onDelivered` sees every batch once, after it is applied (the session settles turns there).
 */

import type { SubscribeOptions, ViewEvent } from '../../shared/protocol';
import { applyPatches, type AssistantMessage, type SessionPatch, type SessionView } from '../../shared/session-view';
import type { Clock } from '../clock';
import type { Journal } from '../journal/journal';
import { TextSpill } from '../session/text-spill';
import { Outbox } from './outbox';
import type { OutboundBatch } from './view-channel';
import { ViewFanout } from './view-fanout';

export interface ViewHubDeps {
  sessionId: string;
  clock: Clock;
  journal: Journal;
  /** The spill file for long texts (beside the journal). */
  spillPath: string;
  /** The view before anything is published (empty, or restored from the journal). */
  initial: SessionView;
  /** Lines and bytes read from the agent so far, for the flow samples and snapshots. */
  totals(): { lines: number; bytes: number };
  setStdoutPaused(paused: boolean): void;
  onDelivered(batch: OutboundBatch): void;
  /** The spill file could not be written: long texts stay in memory from now on. */
  onSpillFailure(message: string): void;
}

export class ViewHub {
  private readonly deps: ViewHubDeps;
  private readonly spill: TextSpill;
  private readonly outbox: Outbox;
  private readonly fanout: ViewFanout;
  private current: SessionView;

  constructor(deps: ViewHubDeps) {
    this.deps = deps;
    this.spill = new TextSpill(deps.spillPath, deps.onSpillFailure);
    this.current = this.spill.trim(deps.initial);
    this.outbox = new Outbox((batch) => this.deliver(batch), deps.journal);
    this.fanout = new ViewFanout({
      sessionId: deps.sessionId,
      clock: deps.clock,
      totals: deps.totals,
      outboxCoalescedPatches: () => this.outbox.coalescedPatches,
      unjournaledChunks: () => deps.journal.unwrittenBatches,
      setStdoutPaused: deps.setStdoutPaused,
    });
  }

  /**
   * Patches derived from agent stdout lines `lines` (if any), with the agent's write stamps:
   * delivered at once when the journal already holds them, else as soon as it does.
   */
  publish(patches: readonly SessionPatch[], lines: [number, number] | null = null, stamps: readonly number[] = []): void {
    this.outbox.push(patches, lines, stamps);
    this.outbox.flush();
    this.fanout.updatePause();
  }

  /** The journal wrote more: deliver what waited for it, and maybe read the agent again. */
  journalWritten(): void {
    this.outbox.flush();
    this.fanout.updatePause();
  }

  /** Everything delivered so far, long texts moved out (cheap; do not show it as is). */
  get state(): SessionView {
    return this.current;
  }

  /** Everything delivered so far, whole (reads long texts back: not per frame). */
  get view(): SessionView {
    return this.spill.hydrate(this.current);
  }

  /** The lengths of a message's blocks, counting text moved out to the spill file. */
  lengthsOf(message: AssistantMessage): number[] {
    return this.spill.lengthsOf(message);
  }

  /** Opens a view's channel: a snapshot now, then every batch (against credits with flow control). */
  subscribe(listener: (event: ViewEvent) => void, options: SubscribeOptions = { flowControl: false }): () => void {
    return this.fanout.open(listener, options.flowControl, (channel) => ({
      kind: 'snapshot',
      session: this.view,
      channel,
      batch: 0,
      lines: this.deps.totals().lines,
    }));
  }

  /** A view applied batch `batch` of its channel. */
  credit(channelId: number, batch: number): void {
    this.fanout.credit(channelId, batch);
  }

  /** A new agent process reads from the start: nothing holds it back yet. */
  agentStarted(): void {
    this.fanout.agentStarted();
  }

  /** No more samples; the spill file goes (its open descriptor still reads a final view). */
  close(): void {
    this.fanout.stop();
    this.spill.close();
  }

  private deliver(batch: OutboundBatch): void {
    this.current = this.spill.trim(applyPatches(this.current, batch.patches), batch.patches);
    this.fanout.deliver(batch);
    this.deps.onDelivered(batch);
  }
}
