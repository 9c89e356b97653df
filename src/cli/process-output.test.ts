import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { guardOutput, type OutputSink } from './process-output';

/** A sink whose writes reach the OS only when the test says so, like a pipe nobody reads yet. */
class HeldSink extends EventEmitter implements OutputSink {
  destroyed = false;
  private readonly pending: ((error?: Error | null) => void)[] = [];
  write(_chunk: string, callback?: (error?: Error | null) => void): boolean {
    if (callback) this.pending.push(callback);
    return false;
  }
  drainAll(): void {
    for (const callback of this.pending.splice(0)) callback(null);
  }
  failWith(code: string): void {
    this.destroyed = true;
    this.emit('error', Object.assign(new Error(code), { code }));
    for (const callback of this.pending.splice(0)) callback(new Error(code));
  }
}

describe('guardOutput', () => {
  it('resolves flushed() only once queued writes have reached the OS', async () => {
    const stdout = new HeldSink();
    const stderr = new HeldSink();
    const output = guardOutput(stdout, stderr, vi.fn());
    let flushed = false;
    void output.flushed().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false);
    stdout.drainAll();
    stderr.drainAll();
    await vi.waitFor(() => expect(flushed).toBe(true));
  });

  it('treats EPIPE as the reader leaving: listeners run once, flushed() still resolves, no failure', async () => {
    const stdout = new HeldSink();
    const stderr = new HeldSink();
    const fail = vi.fn();
    const output = guardOutput(stdout, stderr, fail);
    const gone = vi.fn();
    output.onReaderGone(gone);
    const flushed = output.flushed();
    stdout.failWith('EPIPE');
    stdout.failWith('ERR_STREAM_DESTROYED');
    stderr.drainAll();
    await flushed;
    expect(gone).toHaveBeenCalledTimes(1);
    expect(fail).not.toHaveBeenCalled();
    const late = vi.fn();
    output.onReaderGone(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('reports any other write error as a failure', () => {
    const stdout = new HeldSink();
    const fail = vi.fn();
    guardOutput(stdout, new HeldSink(), fail);
    stdout.failWith('ENOSPC');
    expect(fail).toHaveBeenCalledWith(expect.objectContaining({ code: 'ENOSPC' }));
  });
});
