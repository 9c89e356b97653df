/**
 * Splits an agent's stdout bytes into lines, on bytes.
 *
 * Invariants:
 * - Lines are cut at 0x0A only and handed out as bytes, never decoded here: a multibyte UTF-8
 *   character split across two chunks reaches the decoder whole.
 * - Lines come out in runs: a run is one or more complete lines joined by 0x0A (no trailing
 *   newline), so the stages after it can work on a whole run with one native call instead of
 *   one per line. A line's bytes are exactly the bytes between two newlines (a trailing `\r` is
 *   kept: the journal records what the agent wrote; JSON allows it as whitespace).
 * - Bounded: a partial line is buffered up to `maxLineBytes`. Past that the framer reports one
 *   oversize line (its total size, its first and last bytes), discards the rest
 *   of it up to the next newline, and resynchronises there: nothing after it is lost. Every byte
 *   of the oversize line is offered to `onOversizeBytes` as it streams past (to spill it).
 * - `end()` yields a final line without a newline (kept, not dropped).
 * - Speed: the complete lines inside one chunk are one zero-copy run; only a line straddling
 *   chunks is copied (once).
 */

/**
 * Under the 50 MB a runaway line may reach, over any real message: the CLI repeats a whole answer
 * in its `assistant` and `result` lines, and a 1M-word answer makes an 18 MB `result` line.
 */
export const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;
export const OVERSIZE_HEAD_BYTES = 4_096;
/** The end of an oversize line is kept too: a CLI `result` names its type after its text. */
export const OVERSIZE_TAIL_BYTES = 4_096;

export interface LineSink {
  /** One or more complete lines joined by 0x0A, each within the cap. Valid only during the call. */
  lines(run: Buffer): void;
  /** A line over the cap: its total size and its first bytes (the rest went to onOversizeBytes). */
  oversize(totalBytes: number, head: Buffer, tail: Buffer): void;
}

export interface FramerOptions {
  maxLineBytes?: number;
  /** Receives every byte of an oversize line, in order, as it streams past. */
  onOversizeBytes?: (bytes: Buffer) => void;
}

const EMPTY = Buffer.alloc(0);

export class LineFramer {
  private readonly maxLineBytes: number;
  private readonly onOversizeBytes: ((bytes: Buffer) => void) | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** While > 0 we are inside an oversize line: its size so far. */
  private oversizeBytes = 0;
  private oversizeHead: Buffer = EMPTY;
  private oversizeTail: Buffer = EMPTY;

  constructor(options: FramerOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.onOversizeBytes = options.onOversizeBytes;
  }

  /** Feeds one chunk; hands every line it completes to `sink`, in order. */
  push(chunk: Buffer, sink: LineSink): void {
    const first = chunk.indexOf(0x0a);
    if (first === -1) {
      this.keepPartial(chunk);
      return;
    }
    this.finishLine(chunk.subarray(0, first), sink);
    const last = chunk.lastIndexOf(0x0a);
    if (last > first) this.emitRun(chunk.subarray(first + 1, last), sink);
    if (last + 1 < chunk.length) this.keepPartial(chunk.subarray(last + 1));
  }

  /** Flushes a final line that had no newline. */
  end(sink: LineSink): void {
    if (this.oversizeBytes > 0 || this.pendingBytes > 0) this.finishLine(EMPTY, sink);
  }

  /** Bytes held for an incomplete line (bounded by maxLineBytes). */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** Complete lines joined by newlines, wholly inside one chunk. */
  private emitRun(run: Buffer, sink: LineSink): void {
    // A run longer than the cap may hide one oversize line: only then check line by line.
    if (run.length > this.maxLineBytes) this.emitEach(run, sink);
    else sink.lines(run);
  }

  /** The careful path: line by line, for a run that may contain an oversize line. */
  private emitEach(run: Buffer, sink: LineSink): void {
    let start = 0;
    let newline = run.indexOf(0x0a);
    while (newline !== -1) {
      this.finishLine(run.subarray(start, newline), sink);
      start = newline + 1;
      newline = run.indexOf(0x0a, start);
    }
    this.finishLine(run.subarray(start), sink);
  }

  private finishLine(tail: Buffer, sink: LineSink): void {
    if (this.oversizeBytes > 0) {
      this.onOversizeBytes?.(tail);
      const totalBytes = this.oversizeBytes + tail.length;
      const head = this.oversizeHead;
      const end = lastBytes(this.oversizeTail, tail);
      this.oversizeBytes = 0;
      this.oversizeHead = EMPTY;
      this.oversizeTail = EMPTY;
      sink.oversize(totalBytes, head, end);
      return;
    }
    if (this.pendingBytes + tail.length > this.maxLineBytes) {
      this.beginOversize(tail);
      this.finishLine(EMPTY, sink);
      return;
    }
    let bytes = tail;
    if (this.pendingBytes > 0) {
      this.pending.push(tail);
      bytes = Buffer.concat(this.pending, this.pendingBytes + tail.length);
      this.pending = [];
      this.pendingBytes = 0;
    }
    sink.lines(bytes);
  }

  private keepPartial(part: Buffer): void {
    if (this.oversizeBytes > 0) {
      this.onOversizeBytes?.(part);
      this.oversizeBytes += part.length;
      this.oversizeTail = lastBytes(this.oversizeTail, part);
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
    this.oversizeTail = lastBytes(EMPTY, buffered);
    this.onOversizeBytes?.(buffered);
    this.oversizeBytes = buffered.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** The last OVERSIZE_TAIL_BYTES of `kept` followed by `more`, copied (no chunk is pinned). */
function lastBytes(kept: Buffer, more: Buffer): Buffer {
  if (more.length >= OVERSIZE_TAIL_BYTES) return Buffer.from(more.subarray(more.length - OVERSIZE_TAIL_BYTES));
  const joined = Buffer.concat([kept, more]);
  return Buffer.from(joined.subarray(Math.max(0, joined.length - OVERSIZE_TAIL_BYTES)));
}
