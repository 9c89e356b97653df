/**
 * Notices when an open turn goes quiet: no agent output for `stallMs` is a stall, shown to the
 * person with an offer to interrupt, and cleared as soon as output resumes or the turn ends.
 *
 * Invariants:
 * - At most one timer; it runs only while a turn is open.
 * - The stall clock starts with the turn: output from before it does not count.
 * - `onStall` and `onClear` alternate: a stall is reported once, and cleared once.
 */

import type { Clock } from '../clock';

export const STALL_MS = 45_000;

export class StallWatchdog {
  private timer: unknown = null;
  private stalled = false;
  private lastOutputAt = 0;

  constructor(
    private readonly clock: Clock,
    private readonly stallMs: number,
    private readonly onStall: (since: number) => void,
    private readonly onClear: () => void,
  ) {}

  turnStarted(at: number): void {
    this.lastOutputAt = at;
    this.arm();
  }

  /** The agent wrote something; `turnOpen` says whether to keep watching. */
  output(turnOpen: boolean): void {
    this.lastOutputAt = this.clock.now();
    this.clear();
    if (turnOpen) this.arm();
    else this.disarm();
  }

  /** The turn or the agent ended. */
  stop(): void {
    this.disarm();
    this.clear();
  }

  private arm(): void {
    this.disarm();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.stalled = true;
      this.onStall(this.lastOutputAt);
    }, this.stallMs);
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private clear(): void {
    if (!this.stalled) return;
    this.stalled = false;
    this.onClear();
  }
}
