/**
 * The command's stdout and stderr as sinks that hand over every byte and never crash.
 *
 * Invariants:
 * - `flushed()` resolves only after everything written to stdout and stderr has been handed to
 *   the OS, whatever the sink (TTY, file, pipe) and however slowly its reader reads: Node queues
 *   a pipe's writes in memory once the OS pipe buffer (64 KiB) is full, and a bare
 *   `process.exit` would drop that queue. The command exits only after it.
 * - A reader that goes away (EPIPE: `sluice run | head -c 100`) is not a failure of the command:
 *   no stack trace, the rest of the output is discarded, and `onReaderGone` runs once so the
 *   command can stop work nobody will read. Any other write error is reported on stderr (when
 *   stderr still works) and the process ends with exit code 2.
 */

export interface OutputSink {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  readonly destroyed: boolean;
}

/** Error codes that mean the reading end of the sink is gone. */
const READER_GONE_CODES = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

export interface GuardedOutput {
  /** Runs `listener` once, when stdout's reader goes away (at once if it already has). */
  onReaderGone(listener: () => void): void;
  /** Resolves once every byte written so far to both sinks is flushed, or its reader is gone. */
  flushed(): Promise<void>;
}

export function guardOutput(stdout: OutputSink, stderr: OutputSink, fail: (error: Error) => void): GuardedOutput {
  const listeners: (() => void)[] = [];
  let gone = false;
  stdout.on('error', (error) => {
    if (!READER_GONE_CODES.has(error.code ?? '')) return fail(error);
    if (gone) return;
    gone = true;
    for (const listener of listeners.splice(0)) listener();
  });
  // A closed stderr leaves nobody to tell; the command's exit code still says how it went.
  stderr.on('error', () => undefined);
  return {
    onReaderGone(listener) {
      if (gone) listener();
      else listeners.push(listener);
    },
    flushed: () => Promise.all([flushedSink(stdout), flushedSink(stderr)]).then(() => undefined),
  };
}

/** An empty write's callback runs after every write queued before it has reached the OS. */
function flushedSink(sink: OutputSink): Promise<void> {
  if (sink.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    sink.write('', () => resolve());
  });
}
