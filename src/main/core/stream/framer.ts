/**
 * Splits an agent's stdout bytes into lines, on bytes.
 *
 * Invariants:
 * - Lines are cut at 0x0A only; chunks are never decoded on their own, so a multibyte UTF-8
 *   character split across two chunks reaches the decoder whole.
 * - A line's bytes are exactly the bytes between two newlines (a trailing `\r` is kept: the
 *   journal records what the agent wrote; the parser tolerates it, JSON allows it as space).
 * - Bounded: a partial line is buffered up to `maxLineBytes`. Past that the framer reports one
 *   `oversize` line (its total size and its first `OVERSIZE_HEAD_BYTES` bytes), discards the
 *   rest of it up to the next newline, and resynchronises there: nothing after it is lost.
 *   The caller may spill the oversize bytes it is handed (`onOversizeBytes`) to a file.
 * - `end()` yields a final line without a newline (kept, not dropped).
 * - The hot path copies a line's bytes at most once (only a line straddling chunks is copied;
 *   a line inside one chunk is a zero-copy `subarray` of it).
 */

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
export const OVERSIZE_HEAD_BYTES = 256;

export type FramedLine =
  | { kind: 'line'; bytes: Buffer }
  | { kind: 'oversize'; totalBytes: number; head: Buffer };

export interface FramerOptions {
  maxLineBytes?: number;
  /** Receives every byte of an oversize line, in order, as it streams past. */
  onOversizeBytes?: (bytes: Buffer) => void;
}

export class LineFramer {
  private readonly maxLineBytes: number;
  private readonly onOversizeBytes: ((bytes: Buffer) => void) | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** While > 0 we are inside an oversize line: its size so far. */
  private oversizeBytes = 0;
  private oversizeHead: Buffer | null = null;

  constructor(options: FramerOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.onOversizeBytes = options.onOversizeBytes;
  }

  /** Feeds one chunk; calls `emit` for every line it completes, in order. */
  push(chunk: Buffer, emit: (line: FramedLine) => void): void {
    let start = 0;
    let newline = chunk.indexOf(0x0a, start);
    while (newline !== -1) {
      this.finishLine(chunk.subarray(start, newline), emit);
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) this.keepPartial(chunk.subarray(start));
  }

  /** Flushes a final line that had no newline. */
  end(emit: (line: FramedLine) => void): void {
    if (this.oversizeBytes > 0 || this.pendingBytes > 0) this.finishLine(Buffer.alloc(0), emit);
  }

  /** Bytes held for an incomplete line (bounded by maxLineBytes). */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  private finishLine(tail: Buffer, emit: (line: FramedLine) => void): void {
    if (this.oversizeBytes > 0) {
      this.onOversizeBytes?.(tail);
      const totalBytes = this.oversizeBytes + tail.length;
      const head = this.oversizeHead ?? Buffer.alloc(0);
      this.oversizeBytes = 0;
      this.oversizeHead = null;
      emit({ kind: 'oversize', totalBytes, head });
      return;
    }
    if (this.pendingBytes + tail.length > this.maxLineBytes) {
      this.beginOversize(tail);
      this.finishLine(Buffer.alloc(0), emit);
      return;
    }
    if (this.pendingBytes === 0) {
      emit({ kind: 'line', bytes: tail });
      return;
    }
    this.pending.push(tail);
    const bytes = Buffer.concat(this.pending, this.pendingBytes + tail.length);
    this.pending = [];
    this.pendingBytes = 0;
    emit({ kind: 'line', bytes });
  }

  private keepPartial(part: Buffer): void {
    if (this.oversizeBytes > 0) {
      this.onOversizeBytes?.(part);
      this.oversizeBytes += part.length;
      return;
    }
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      this.beginOversize(part);
      return;
    }
    // Copy, so that a short tail does not pin its whole (up to 64 KB) chunk in memory.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  /** Moves the buffered partial line plus `part` into oversize mode, keeping only the head. */
  private beginOversize(part: Buffer): void {
    const buffered = Buffer.concat([...this.pending, part]);
    this.oversizeHead = Buffer.from(buffered.subarray(0, OVERSIZE_HEAD_BYTES));
    this.onOversizeBytes?.(buffered);
    this.oversizeBytes = buffered.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
