import { describe, expect, it } from 'vitest';
import type { ByteSink } from './line-writer';
import { LineWriter } from './line-writer';

/** A sink that accepts up to `capacity` chars before reporting backpressure, like a pipe. */
class FakePipe implements ByteSink {
  readonly chunks: string[] = [];
  private buffered = 0;
  private drainListeners: (() => void)[] = [];
  private callbacks: (() => void)[] = [];

  constructor(private readonly capacity = Infinity) {}

  write(chunk: string, callback?: (error?: Error | null) => void): boolean {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (callback) this.callbacks.push(() => callback());
    return this.buffered < this.capacity;
  }

  once(_event: 'drain', listener: () => void): this {
    this.drainListeners.push(listener);
    return this;
  }

  /** The reader empties the pipe: completes the writes and emits 'drain'. */
  drain(): void {
    this.buffered = 0;
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const callback of callbacks) callback();
    const listeners = this.drainListeners;
    this.drainListeners = [];
    for (const listener of listeners) listener();
  }

  completeWrites(): void {
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const callback of callbacks) callback();
  }

  text(): string {
    return this.chunks.join('');
  }
}

/** Runs scheduled flushes by hand, so a test decides when a "loop turn" ends. */
function manualScheduler(): { schedule: (flush: () => void) => void; runAll: () => void } {
  let queued: (() => void)[] = [];
  return {
    schedule: (flush) => queued.push(flush),
    runAll: () => {
      const now = queued;
      queued = [];
      for (const flush of now) flush();
    },
  };
}

async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('LineWriter', () => {
  it('joins the lines written in one loop turn into a single sink write', () => {
    const pipe = new FakePipe();
    const scheduler = manualScheduler();
    const writer = new LineWriter(pipe, { scheduleFlush: scheduler.schedule });
    void writer.write('{"a":1}');
    void writer.write('{"b":2}');
    expect(pipe.chunks).toEqual([]);
    scheduler.runAll();
    expect(pipe.chunks).toEqual(['{"a":1}\n{"b":2}\n']);
  });

  it('flushes when a batch reaches its size limit, without splitting a line', () => {
    const pipe = new FakePipe();
    const scheduler = manualScheduler();
    const writer = new LineWriter(pipe, { maxBatchChars: 20, scheduleFlush: scheduler.schedule });
    const line = 'x'.repeat(15);
    void writer.write(line);
    void writer.write(line);
    void writer.write(line);
    scheduler.runAll();
    expect(pipe.chunks).toEqual([`${line}\n${line}\n`, `${line}\n`]);
  });

  it('holds writes while the sink is full and sends them, releasing the promises, on drain', async () => {
    const pipe = new FakePipe(12);
    const writer = new LineWriter(pipe, { maxBatchChars: 1 });
    await writer.write('first line');
    const filling = writer.write('second line');
    const held = writer.write('third');
    expect(await settled(filling)).toBe(false);
    expect(await settled(held)).toBe(false);
    expect(pipe.text()).toBe('first line\nsecond line\n');
    pipe.drain();
    expect(await settled(Promise.all([filling, held]))).toBe(true);
    expect(pipe.text()).toBe('first line\nsecond line\nthird\n');
  });

  it('keeps line order across a blocked period', async () => {
    const pipe = new FakePipe(1);
    const writer = new LineWriter(pipe, { maxBatchChars: 1 });
    const lines = Array.from({ length: 20 }, (_, index) => `line ${index}`);
    const written = lines.map((line) => writer.write(line));
    while (!(await settled(Promise.all(written)))) pipe.drain();
    expect(pipe.text()).toBe(lines.map((line) => `${line}\n`).join(''));
  });

  it('resolves flush only after the sink has taken every line', async () => {
    const pipe = new FakePipe();
    const scheduler = manualScheduler();
    const writer = new LineWriter(pipe, { scheduleFlush: scheduler.schedule });
    void writer.write('pending');
    const flushed = writer.flush();
    expect(pipe.chunks).toEqual(['pending\n']);
    expect(await settled(flushed)).toBe(false);
    pipe.completeWrites();
    expect(await settled(flushed)).toBe(true);
  });

  it('drops pending lines and releases writers on discard', async () => {
    const pipe = new FakePipe(1);
    const writer = new LineWriter(pipe, { maxBatchChars: 1 });
    void writer.write('sent');
    const blocked = writer.write('never sent');
    writer.discard();
    expect(await settled(blocked)).toBe(true);
    pipe.drain();
    void writer.write('after discard');
    expect(pipe.text()).toBe('sent\n');
  });
});
