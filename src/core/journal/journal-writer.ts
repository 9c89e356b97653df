/**
 * The journal writer: one worker thread (journal-writer.worker.ts) that turns agent stdout lines
 * into journal records and appends them to their files, so the JSON escaping and the disk writes
 * (a third of the core's time) run on the second core while the main thread parses.
 *
 * Invariants:
 * - One writer thread per process, shared by every journal; batches are written in the order
 *   they are posted, each one completely, before the next.
 * - Every batch carries a ticket from one process-wide increasing counter. After a batch is
 *   written, the thread stores its ticket in shared memory (`writtenTicket` reads it without
 *   waiting) and posts it back (`listen`, `whenWritten`). Nothing on the calling thread ever
 *   blocks: `Atomics.wait` is not used here.
 * - A write that fails (disk full, a removed folder) is reported with the ticket; the ticket
 *   still advances, so nothing waits forever on a journal that cannot be written. If the thread
 *   dies, every journal hears why and every wait ends.
 * - The worker keeps the process alive only while it has batches to write (or starts), so an
 *   idle writer never holds an exit back and an awaited acknowledgement always arrives.
 * - The thread's code is a module of its own, typed and linted like the rest: built, it is
 *   `journal-writer.js` beside the bundle's entries (electron.vite.config.ts); from the sources
 *   (tsx, Vitest), the `.worker.ts` file beside this one, loaded through tsx.
 */

import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { JournalItem } from './journal-items';

/** What the thread is given on each post. */
export interface JournalBatch {
  ticket: number;
  journal: number;
  path: string;
  items: JournalItem[];
}

/** What the thread posts: once that its module is loaded, then after each batch. */
export type WriterMessage = { kind: 'ready' } | WrittenMessage;

/** What the thread answers after each batch. */
export interface WrittenMessage {
  kind: 'written';
  ticket: number;
  journal: number;
  error?: string;
  /** With `error`: the batch's stdout lines, none of which counts as journaled. */
  failedLines?: number;
  /** The batch's byte blocks, handed back for reuse. */
  returned: ArrayBuffer[];
}

/** The thread's `workerData`. */
export interface WriterData {
  /** One Int32: the last ticket written. */
  progress: SharedArrayBuffer;
}

/** Blocks up to this size come back from the writer and are reused; larger ones are dropped. */
const REUSABLE_BLOCK_BYTES = 256 * 1024;
const MAX_POOLED_BLOCKS = 16;

/**
 * The writer thread's module: built, `journal-writer.js` beside the bundle's entries; from the
 * sources, the `.worker.ts` file beside this one, imported after registering tsx in the thread
 * (a worker's `execArgv` cannot carry `--import tsx` on Node 20).
 */
function writerModule(): { script: URL | string; evaluated: boolean } {
  for (const built of ['./journal-writer.js', '../journal-writer.js']) {
    const url = new URL(built, import.meta.url);
    if (existsSync(url)) return { script: url, evaluated: false };
  }
  const source = new URL('./journal-writer.worker.ts', import.meta.url).href;
  // Resolved from here, not from the process's working directory (which may be anywhere).
  const tsxApi = import.meta.resolve('tsx/esm/api');
  return { script: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, evaluated: true };
}

/** Told after each of its journal's batches is written, with the write's error if it failed. */
type WrittenListener = (error: string | undefined, failedLines: number, ticket: number) => void;

class JournalWriterThread {
  private readonly worker: Worker;
  private readonly written: Int32Array;
  private ticket = 0;
  private readonly listeners = new Map<number, WrittenListener>();
  /** Byte blocks back from the writer, for the next batches (no allocation per chunk). */
  private readonly pool: ArrayBuffer[] = [];
  /** Resolves once the thread's module is loaded (for measuring memory after set-up). */
  readonly ready: Promise<void>;
  private running = false;
  /** Set if the thread died: every wait ends, and every journal hears of it. */
  private stopped: string | null = null;
  private waits: { ticket: number; resolve: () => void }[] = [];

  constructor() {
    const progress = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    this.written = new Int32Array(progress);
    const { script, evaluated } = writerModule();
    // A small young generation: the thread's garbage is short-lived (a record's strings).
    this.worker = new Worker(script, { eval: evaluated, workerData: { progress } satisfies WriterData, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    let loaded: () => void = () => undefined;
    this.ready = new Promise((resolve) => (loaded = resolve));
    this.worker.on('message', (message: WriterMessage) => {
      if (message.kind === 'ready') {
        this.running = true;
        this.holdProcess(this.ticket > this.writtenTicket);
        loaded();
        return;
      }
      for (const block of message.returned) {
        if (block.byteLength <= REUSABLE_BLOCK_BYTES && this.pool.length < MAX_POOLED_BLOCKS) this.pool.push(block);
      }
      if (message.ticket === this.ticket) this.holdProcess(false);
      this.listeners.get(message.journal)?.(message.error, message.failedLines ?? 0, message.ticket);
      this.settleWaits(message.ticket);
    });
    const stop = (reason: string): void => {
      if (this.stopped !== null) return;
      this.stopped = reason;
      for (const listener of this.listeners.values()) listener(`the journal writer stopped (${reason})`, 0, Number.MAX_SAFE_INTEGER);
      this.settleWaits(Number.MAX_SAFE_INTEGER);
      loaded();
    };
    this.worker.on('error', (error) => stop(error.message));
    this.worker.on('exit', (code) => stop(`exit code ${code}`));
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
    this.worker.postMessage({ ticket, journal, path, items } satisfies JournalBatch, transfer);
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

  /** Resolves once `ticket` is written (or failed, or the thread died). */
  whenWritten(ticket: number): Promise<void> {
    if (this.writtenTicket >= ticket) return Promise.resolve();
    return new Promise((resolve) => this.waits.push({ ticket, resolve }));
  }

  private settleWaits(written: number): void {
    if (this.waits.length === 0) return;
    const pending = this.waits;
    this.waits = [];
    for (const wait of pending) {
      if (wait.ticket <= written) wait.resolve();
      else this.waits.push(wait);
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
