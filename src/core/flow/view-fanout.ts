/**
 * The views open on one session, and how the agent's stdout keeps pace with the slowest of them.
 *
 * Invariants:
 * - Each view has its own channel (view-channel.ts): its snapshot first, then every batch, in
 *   order. A closed view's channel is dropped and no longer holds stdout back.
 * - Stdout is paused when any view's queue or the journal writer passes its hard cap, and resumed
 *   only once every one is under its low watermark (`shouldPause`); each pause is counted. A new
 *   agent process starts unpaused.
 * - Flow samples go to every open view, and only while at least one is open.
 */

import type { ViewEvent } from '../../shared/protocol';
import type { Clock } from '../clock';
import { FlowSampler } from '../metrics/flow-sampler';
import { ViewChannel, shouldPause, type OutboundBatch } from './view-channel';

export interface ViewFanoutDeps {
  sessionId: string;
  clock: Clock;
  /** Lines and bytes read from the agent so far, for the samples. */
  totals(): { lines: number; bytes: number };
  /** Patches the outbox merged before any channel saw them. */
  outboxCoalescedPatches(): number;
  /** Stdout chunks the journal writer has not acknowledged yet. */
  unjournaledChunks(): number;
  /** Stops or restarts reading the agent's stdout. */
  setStdoutPaused(paused: boolean): void;
}

export class ViewFanout {
  private readonly deps: ViewFanoutDeps;
  private readonly channels = new Map<number, ViewChannel>();
  private nextChannelId = 1;
  private pausedState = false;
  private pauses = 0;
  private readonly sampler: FlowSampler;

  constructor(deps: ViewFanoutDeps) {
    this.deps = deps;
    this.sampler = new FlowSampler({
      clock: deps.clock,
      totals: deps.totals,
      publish: (sample) => {
        for (const channel of this.channels.values()) {
          channel.sendMetrics({
            ...sample,
            queueBytes: channel.queuedBytes,
            queuePatches: channel.queuedPatches,
            creditStarved: channel.creditStarved,
            deliveredLines: channel.deliveredLines,
            coalescedPatches: deps.outboxCoalescedPatches() + channel.coalescedPatches,
            paused: this.pausedState,
            pauses: this.pauses,
          });
        }
      },
    });
  }

  /** True while stdout is paused for a view or the journal. */
  get paused(): boolean {
    return this.pausedState;
  }

  /**
   * Opens a channel: `snapshot(channelId)` is sent on it at once, then every batch. Returns the
   * function that closes it.
   */
  open(listener: (event: ViewEvent) => void, flowControl: boolean, snapshot: (channelId: number) => ViewEvent): () => void {
    const channel = new ViewChannel(this.nextChannelId++, listener, this.deps.sessionId, flowControl);
    this.channels.set(channel.id, channel);
    listener(snapshot(channel.id));
    this.sampler.start();
    return () => {
      this.channels.delete(channel.id);
      if (this.channels.size === 0) this.sampler.stop();
      this.updatePause();
    };
  }

  /** A view applied batch `batch` of its channel: send more, and maybe read the agent again. */
  credit(channelId: number, batch: number): void {
    this.channels.get(channelId)?.credit(batch);
    this.updatePause();
  }

  /** Hands a batch to every open view. */
  deliver(batch: OutboundBatch): void {
    for (const channel of this.channels.values()) channel.enqueue(batch);
    this.updatePause();
  }

  /** Pauses stdout when a queue passes a hard cap; resumes below the low watermarks. */
  updatePause(): void {
    const deepest = { bytes: 0, patches: 0 };
    for (const channel of this.channels.values()) {
      deepest.bytes = Math.max(deepest.bytes, channel.queuedBytes);
      deepest.patches = Math.max(deepest.patches, channel.queuedPatches);
    }
    const pause = shouldPause(this.pausedState, deepest, this.deps.unjournaledChunks());
    if (pause === this.pausedState) return;
    this.pausedState = pause;
    if (pause) this.pauses++;
    this.deps.setStdoutPaused(pause);
  }

  /** A new agent process reads from the start: nothing holds it back yet. */
  agentStarted(): void {
    this.pausedState = false;
  }

  /** Stops the samples (the session is closing). */
  stop(): void {
    this.sampler.stop();
  }
}
