/**
 * Writes NDJSON lines to a byte sink (process.stdout) with batching and backpressure.
 *
 * Invariants:
 * - Order: lines reach the sink in the order `write` was called; a line is never split across
 *   two sink writes, and nothing is written past a `discard()`.
 * - Batching: lines written within one event-loop turn are joined into one sink write (up to
 *   ~`maxBatchChars`), which is what makes a delay-0 firehose fast; the batch is flushed on the
 *   next `scheduleFlush` tick, so a lone line is never held back longer than one loop turn.
 * - Backpressure: once the sink's `write` returns false, nothing more is written until 'drain',
 *   and every `write` promise stays pending until then. A producer that awaits its writes thus
 *   stops while the OS pipe is full, which is how a slow reader slows the agent.
 * - The promises never reject: a sink error is the caller's business (process.stdout 'error').
 */

export interface ByteSink {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export interface LineWriterOptions {
  /** In UTF-16 code units: a cheap stand-in for bytes that is never off by more than 3×. */
  maxBatchChars?: number;
  scheduleFlush?: (flush: () => void) => void;
}

const DEFAULT_MAX_BATCH_CHARS = 64 * 1024;

export class LineWriter {
  private readonly maxBatchChars: number;
  private readonly scheduleFlush: (flush: () => void) => void;
  private pending: string[] = [];
  private pendingChars = 0;
  private flushScheduled = false;
  private blocked = false;
  private discarded = false;
  private waitingForDrain: (() => void)[] = [];
  private lastHandedOver: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: ByteSink,
    options: LineWriterOptions = {},
  ) {
    this.maxBatchChars = options.maxBatchChars ?? DEFAULT_MAX_BATCH_CHARS;
    this.scheduleFlush = options.scheduleFlush ?? ((flush) => setImmediate(flush));
  }

  /** Queues one line (without its newline); resolves when the sink can take more. */
  write(line: string): Promise<void> {
    if (this.discarded) return Promise.resolve();
    this.pending.push(line, '\n');
    this.pendingChars += line.length + 1;
    if (!this.blocked) {
      if (this.pendingChars >= this.maxBatchChars) this.flushNow();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.scheduleFlush(() => {
          this.flushScheduled = false;
          if (!this.blocked) this.flushNow();
        });
      }
    }
    return this.blocked ? new Promise((resolve) => this.waitingForDrain.push(resolve)) : Promise.resolve();
  }

  /** Resolves once every line written so far has been handed to the OS. */
  async flush(): Promise<void> {
    while (!this.discarded && (this.blocked || this.pending.length > 0)) {
      if (this.blocked) await new Promise<void>((resolve) => this.waitingForDrain.push(resolve));
      else this.flushNow();
    }
    await this.lastHandedOver;
  }

  /** Drops everything not yet handed to the sink (SIGTERM: no further stdout). */
  discard(): void {
    this.discarded = true;
    this.pending = [];
    this.pendingChars = 0;
    const waiting = this.waitingForDrain;
    this.waitingForDrain = [];
    for (const resolve of waiting) resolve();
  }

  private flushNow(): void {
    if (this.pending.length === 0 || this.discarded) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.lastHandedOver = new Promise((resolve) => {
      // An error (EPIPE) also ends the wait: the sink's 'error' listener decides what happens.
      const accepted = this.sink.write(chunk, () => resolve());
      if (!accepted) {
        this.blocked = true;
        this.sink.once('drain', () => this.onDrain());
      }
    });
  }

  private onDrain(): void {
    this.blocked = false;
    // Lines that arrived while blocked go out now; if that fills the pipe again, keep waiting.
    this.flushNow();
    if (this.blocked) return;
    const waiting = this.waitingForDrain;
    this.waitingForDrain = [];
    for (const resolve of waiting) resolve();
  }
}
