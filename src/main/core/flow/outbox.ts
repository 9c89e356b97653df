/**
 * The outbound queue between the core and its views: patches are gathered and delivered in
 * batches, about one per frame, never one message per agent line.
 *
 * Invariants:
 * - Order is kept: batches are delivered in push order, and patches within them too.
 * - Coalescing is lossless: adjacent appends to one block are joined (`coalescePatches`), so a
 *   view receives fewer, larger updates and exactly the same text.
 * - Bounded latency: a patch waits at most `BATCH_INTERVAL_MS` (plus the event loop's lag);
 *   a batch is cut early at `MAX_BATCH_PATCHES`.
 */

import { coalescePatches, type SessionPatch } from '../../../shared/session-view';
import type { Clock } from '../clock';

export const BATCH_INTERVAL_MS = 16;
export const MAX_BATCH_PATCHES = 5_000;

export class Outbox {
  private pending: SessionPatch[] = [];
  private timer: unknown = null;

  constructor(
    private readonly deliver: (patches: SessionPatch[]) => void,
    private readonly clock: Clock,
  ) {}

  push(patches: readonly SessionPatch[]): void {
    if (patches.length === 0) return;
    for (const patch of patches) this.pending.push(patch);
    if (this.pending.length >= MAX_BATCH_PATCHES) this.flush();
    else if (this.timer === null) this.timer = this.clock.setTimeout(() => this.flush(), BATCH_INTERVAL_MS);
  }

  flush(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    const batch = coalescePatches(this.pending);
    this.pending = [];
    this.deliver(batch);
  }
}
