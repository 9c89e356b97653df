/**
 * The journal writer: one worker thread that turns agent stdout lines into journal records and
 * appends them to their files, so the JSON escaping and the disk writes (a third of the core's
 * time) run on the second core while the main thread parses.
 *
 * Invariants:
 * - One writer thread per process, shared by every journal; batches are written in the order
 *   they are posted, each one completely, before the next.
 * - Every batch carries a ticket from one process-wide increasing counter. After a batch is
 *   written, its ticket is stored in shared memory (`written`) and posted back, so the main
 *   thread can wait for it without blocking (the `onWritten` listeners) or, on the rare paths
 *   that need it, block on it (`waitFor`, with Atomics.wait).
 * - A write that fails (disk full, a removed folder) is reported with the ticket; the ticket
 *   still advances, so nothing waits forever on a journal that cannot be written.
 * - Record formats are the journal's (journal.ts): a stdout line that is valid UTF-8 becomes
 *   `{"dir":"out","raw":…,"seq":n,"t":…}` escaped on its latin1 view (JSON escaping leaves
 *   bytes >= 0x80 alone, so the record written back as latin1 is exactly the record's UTF-8);
 *   other lines become `rawBase64`. Other records arrive formatted, without `seq` and `t`.
 * - Memory does not follow a line's length: a long line is escaped piece by piece into one 1 MB
 *   buffer, written out whenever it fills (a record may take several writes; a batch is still
 *   acknowledged only once all of it is written).
 * - The worker keeps the process alive only while it has batches to write (or starts), so an
 *   idle writer never holds an exit back and an awaited acknowledgement always arrives.
 *   Closing a journal waits for its last batch, so nothing is lost at a normal exit.
 *
 * The worker's code is plain JavaScript evaluated from the string below, so it runs the same
 * from the sources (tsx, Vitest) and from the bundled app.
 */

import { Worker } from 'node:worker_threads';

/** One part of a batch, in journal order. */
export type JournalItem =
  /** Complete stdout lines, each followed by 0x0A, recorded with one `t`. */
  | { kind: 'out'; bytes: Uint8Array; t: number }
  /** A formatted record without its closing `}`: the writer appends `,"seq":n,"t":t}`. */
  | { kind: 'record'; head: string; t: number }
  /** Closes the journal's file. */
  | { kind: 'close' };

interface Batch {
  ticket: number;
  journal: number;
  path: string;
  items: JournalItem[];
}

interface WrittenMessage {
  ticket: number;
  journal: number;
  error?: string;
  /** The batch's byte blocks, handed back for reuse. */
  returned: ArrayBuffer[];
}

/** Blocks up to this size come back from the writer and are reused; larger ones are dropped. */
const REUSABLE_BLOCK_BYTES = 256 * 1024;
const MAX_POOLED_BLOCKS = 16;

const WAIT_LIMIT_MS = 10_000;

const WRITER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { isUtf8 } = require('node:buffer');
const fs = require('node:fs');
const written = new Int32Array(workerData.progress);
const files = new Map();

function file(batch) {
  let open = files.get(batch.journal);
  if (open === undefined) {
    open = { fd: fs.openSync(batch.path, 'a'), seq: 0 };
    files.set(batch.journal, open);
  }
  return open;
}

/**
 * Records are encoded straight into one reused buffer: no joined string, no buffer per batch.
 * Past OUT_BYTES it is written out to the batch's file (fd) first, so a long line's record
 * never needs a buffer of its own size.
 */
const OUT_BYTES = 1024 * 1024;
const out = { buffer: Buffer.allocUnsafe(OUT_BYTES), length: 0, fd: -1 };

function reserve(bytes) {
  if (out.length + bytes <= out.buffer.length) return;
  writeOut();
  if (bytes <= out.buffer.length) return;
  out.buffer = Buffer.allocUnsafe(bytes);
}

function writeOut() {
  if (out.length > 0) writeAll(out.fd, out.buffer.subarray(0, out.length));
  out.length = 0;
}

/**
 * A line's bytes longer than this are escaped (or base64-encoded) piece by piece into the
 * buffer: pieces of a latin1 view escape exactly as the whole (one char per byte, no escape
 * spans two chars), and base64 of pieces of a multiple of 3 bytes joins exactly.
 */
const PIECE_BYTES = 48 * 1024;

function putLatin1(text) {
  reserve(text.length);
  out.length += out.buffer.latin1Write(text, out.length);
}

function putUtf8(text) {
  reserve(Buffer.byteLength(text));
  out.length += out.buffer.utf8Write(text, out.length);
}

function outRecords(bytes, t, open) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tail = ',"t":' + t + '}\n';
  const wholeValid = isUtf8(buffer);
  let start = 0;
  for (;;) {
    const newline = buffer.indexOf(10, start);
    if (newline === -1) return;
    const valid = wholeValid || isUtf8(buffer.subarray(start, newline));
    if (newline - start > PIECE_BYTES) {
      putLatin1(valid ? '{"dir":"out","raw":"' : '{"dir":"out","rawBase64":"');
      for (let at = start; at < newline; at += PIECE_BYTES) {
        const end = Math.min(newline, at + PIECE_BYTES);
        putLatin1(valid ? JSON.stringify(buffer.latin1Slice(at, end)).slice(1, -1) : buffer.toString('base64', at, end));
      }
      putLatin1('","seq":' + (++open.seq) + tail);
    } else if (valid) {
      putLatin1('{"dir":"out","raw":' + JSON.stringify(buffer.latin1Slice(start, newline)) + ',"seq":' + (++open.seq) + tail);
    } else {
      putLatin1('{"dir":"out","rawBase64":"' + buffer.toString('base64', start, newline) + '","seq":' + (++open.seq) + tail);
    }
    start = newline + 1;
  }
}

function writeAll(fd, bytes) {
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset);
}

parentPort.on('message', (batch) => {
  let error;
  try {
    const open = file(batch);
    out.length = 0;
    out.fd = open.fd;
    let closing = false;
    for (const item of batch.items) {
      if (item.kind === 'out') outRecords(item.bytes, item.t, open);
      else if (item.kind === 'record') putUtf8(item.head + ',"seq":' + (++open.seq) + ',"t":' + item.t + '}\n');
      else closing = true;
    }
    writeOut();
    if (out.buffer.length > OUT_BYTES) out.buffer = Buffer.allocUnsafe(OUT_BYTES);
    if (closing) {
      files.delete(batch.journal);
      fs.closeSync(open.fd);
    }
  } catch (failure) {
    error = String(failure && failure.message ? failure.message : failure);
  }
  Atomics.store(written, 0, batch.ticket);
  Atomics.notify(written, 0);
  const returned = batch.items.filter((item) => item.kind === 'out').map((item) => item.bytes.buffer);
  parentPort.postMessage({ ticket: batch.ticket, journal: batch.journal, error, returned }, returned);
});
`;

/** Told after each of its journal's batches is written, with the write's error if it failed. */
type WrittenListener = (error: string | undefined) => void;

class JournalWriterThread {
  private readonly worker: Worker;
  private readonly written: Int32Array;
  private ticket = 0;
  private readonly listeners = new Map<number, WrittenListener>();
  /** Byte blocks back from the writer, for the next batches (no allocation per chunk). */
  private readonly pool: ArrayBuffer[] = [];
  /** Resolves once the thread runs (for measuring memory after set-up). */
  readonly ready: Promise<void>;
  private running = false;
  /** Set if the thread died: every wait ends, and every journal hears of it. */
  private stopped: string | null = null;

  constructor() {
    const progress = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    this.written = new Int32Array(progress);
    this.worker = new Worker(WRITER_SOURCE, { eval: true, workerData: { progress }, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    this.worker.on('message', (message: WrittenMessage) => {
      for (const block of message.returned) {
        if (block.byteLength <= REUSABLE_BLOCK_BYTES && this.pool.length < MAX_POOLED_BLOCKS) this.pool.push(block);
      }
      if (message.ticket === this.ticket) this.holdProcess(false);
      this.listeners.get(message.journal)?.(message.error);
    });
    const stop = (reason: string): void => {
      if (this.stopped !== null) return;
      this.stopped = reason;
      for (const listener of this.listeners.values()) listener(`the journal writer stopped (${reason})`);
    };
    this.worker.on('error', (error) => stop(error.message));
    this.worker.on('exit', (code) => stop(`exit code ${code}`));
    this.ready = new Promise((resolve) =>
      this.worker.once('online', () => {
        this.running = true;
        this.holdProcess(this.ticket > this.writtenTicket);
        resolve();
      }),
    );
  }

  /**
   * The thread keeps the process alive only while it starts or has batches to write: an idle
   * writer never holds an exit back, and a pending write (whose acknowledgement may be what the
   * process waits for) always does.
   */
  private holdProcess(hold: boolean): void {
    if (hold || !this.running) this.worker.ref();
    else this.worker.unref();
  }

  /** Hands a batch to the writer; returns its ticket. The bytes of `out` items are transferred. */
  post(journal: number, path: string, items: JournalItem[]): number {
    const ticket = ++this.ticket;
    const transfer = items.flatMap((item) => (item.kind === 'out' ? [item.bytes.buffer as ArrayBuffer] : []));
    this.worker.postMessage({ ticket, journal, path, items } satisfies Batch, transfer);
    this.holdProcess(true);
    return ticket;
  }

  /** A block of at least `bytes` to fill with stdout lines (reused when one is back). */
  block(bytes: number): Uint8Array {
    const index = this.pool.findIndex((block) => block.byteLength >= bytes);
    const block = index === -1 ? new ArrayBuffer(blockSize(bytes)) : (this.pool.splice(index, 1)[0] as ArrayBuffer);
    return new Uint8Array(block, 0, bytes);
  }

  /** The last ticket written (every earlier one is written too). */
  get writtenTicket(): number {
    return this.stopped === null ? Atomics.load(this.written, 0) : Number.MAX_SAFE_INTEGER;
  }

  /** Why the thread died, or null while it runs. */
  get stoppedReason(): string | null {
    return this.stopped;
  }

  /** Blocks until `ticket` is written; false if that took longer than the writer ever should. */
  waitFor(ticket: number): boolean {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      if (this.stopped !== null) return true;
      const current = Atomics.load(this.written, 0);
      if (current >= ticket) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.written, 0, current, left);
    }
  }

  listen(journal: number, listener: WrittenListener): void {
    this.listeners.set(journal, listener);
  }

  forget(journal: number): void {
    this.listeners.delete(journal);
  }
}

/** A new block's size: a power of two from 1 KB, so small chunks do not take 64 KB each. */
function blockSize(bytes: number): number {
  return bytes > REUSABLE_BLOCK_BYTES ? bytes : Math.max(1024, 2 ** Math.ceil(Math.log2(bytes)));
}

let thread: JournalWriterThread | null = null;

/** The process's writer thread, started on first use (and again if it died). */
export function journalWriter(): JournalWriterThread {
  if (thread === null || thread.stoppedReason !== null) thread = new JournalWriterThread();
  return thread;
}

export type { JournalWriterThread };
