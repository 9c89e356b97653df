/**
 * The journal writer thread's code: it turns batches of agent stdout lines and formatted
 * records into journal records and appends them to their files (journal-writer.ts starts it and
 * states the contract; journal.ts states the record formats).
 *
 * Invariants:
 * - Batches are written in the order they arrive, each one completely, before the next.
 * - A batch is written whole or not at all: one that fails part-way (a full disk) is cut back to
 *   the file's size before it, and its `seq` numbers are given again, so the next batch that
 *   succeeds starts on a clean line and the file stays a valid journal.
 * - After a batch is written (or failed), its ticket is stored in the shared `written` counter,
 *   then posted back with the batch's byte blocks (transferred, for reuse) and any error. A
 *   failed write still advances the ticket, so nothing waits forever on a journal that cannot be
 *   written.
 * - A stdout line that is valid UTF-8 becomes `{"dir":"out","raw":…,"seq":n,"t":…}` escaped on
 *   its latin1 view: JSON escaping leaves bytes >= 0x80 alone, so the record written back as
 *   latin1 is exactly the record's UTF-8. Other lines become `rawBase64`.
 * - Memory does not follow a line's length: a long line is escaped piece by piece into one 1 MiB
 *   buffer (`OUT_BYTES`), written out whenever it fills.
 */

import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { stdoutLinesIn } from './journal-items';
import type { JournalBatch, WriterData, WriterMessage } from './journal-writer';

/** The reused output buffer; a batch that needs more writes it out first. */
const OUT_BYTES = 1024 * 1024;
/**
 * A line's bytes longer than this are escaped (or base64-encoded) piece by piece: pieces of a
 * latin1 view escape exactly as the whole (one char per byte, no escape spans two chars), and
 * base64 of pieces of a multiple of 3 bytes joins exactly.
 */
const PIECE_BYTES = 48 * 1024;

/**
 * Buffer's unchecked string methods: untyped in @types/node but present in every Node since 0.x,
 * and the writer's hot path (the checked `write(text, offset, 'latin1')` and `toString` cost an
 * argument check per record).
 */
interface RawBuffer extends Buffer {
  latin1Write(text: string, offset: number): number;
  utf8Write(text: string, offset: number): number;
  latin1Slice(start: number, end: number): string;
}

interface OpenJournal {
  fd: number;
  seq: number;
  /** The file's size: measured once at open, then counted as batches are written. */
  size: number;
}

const port = parentPort;
if (port === null) throw new Error('journal-writer.worker.ts runs only as a worker thread.');
const written = new Int32Array((workerData as WriterData).progress);
const files = new Map<number, OpenJournal>();
const out: { buffer: RawBuffer; length: number; open: OpenJournal | null } = { buffer: Buffer.allocUnsafe(OUT_BYTES) as RawBuffer, length: 0, open: null };

function fileOf(batch: JournalBatch): OpenJournal {
  let open = files.get(batch.journal);
  if (open === undefined) {
    const fd = openSync(batch.path, 'a');
    open = { fd, seq: 0, size: fstatSync(fd).size };
    files.set(batch.journal, open);
  }
  return open;
}

function reserve(bytes: number): void {
  if (out.length + bytes <= out.buffer.length) return;
  writeOut();
  if (bytes > out.buffer.length) out.buffer = Buffer.allocUnsafe(bytes) as RawBuffer;
}

function writeOut(): void {
  const open = out.open as OpenJournal;
  let offset = 0;
  while (offset < out.length) offset += writeSync(open.fd, out.buffer, offset, out.length - offset);
  open.size += out.length;
  out.length = 0;
}

function putLatin1(text: string): void {
  reserve(text.length);
  out.length += out.buffer.latin1Write(text, out.length);
}

function putUtf8(text: string): void {
  reserve(Buffer.byteLength(text));
  out.length += out.buffer.utf8Write(text, out.length);
}

/** One record per line of `bytes` (complete lines, each ended by 0x0A). */
function outRecords(bytes: Uint8Array, t: number, open: OpenJournal): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as RawBuffer;
  const tail = `,"t":${t}}\n`;
  const wholeValid = isUtf8(buffer);
  let start = 0;
  for (;;) {
    const newline = buffer.indexOf(0x0a, start);
    if (newline === -1) return;
    const valid = wholeValid || isUtf8(buffer.subarray(start, newline));
    if (newline - start > PIECE_BYTES) {
      putLatin1(valid ? '{"dir":"out","raw":"' : '{"dir":"out","rawBase64":"');
      for (let at = start; at < newline; at += PIECE_BYTES) {
        const end = Math.min(newline, at + PIECE_BYTES);
        putLatin1(valid ? JSON.stringify(buffer.latin1Slice(at, end)).slice(1, -1) : buffer.toString('base64', at, end));
      }
      putLatin1(`","seq":${++open.seq}${tail}`);
    } else if (valid) {
      putLatin1(`{"dir":"out","raw":${JSON.stringify(buffer.latin1Slice(start, newline))},"seq":${++open.seq}${tail}`);
    } else {
      putLatin1(`{"dir":"out","rawBase64":"${buffer.toString('base64', start, newline)}","seq":${++open.seq}${tail}`);
    }
    start = newline + 1;
  }
}

function writeBatch(batch: JournalBatch): void {
  const open = fileOf(batch);
  out.length = 0;
  out.open = open;
  let closing = false;
  for (const item of batch.items) {
    if (item.kind === 'out') outRecords(item.bytes, item.t, open);
    else if (item.kind === 'record') putUtf8(`${item.head},"seq":${++open.seq},"t":${item.t}}\n`);
    else closing = true;
  }
  writeOut();
  if (out.buffer.length > OUT_BYTES) out.buffer = Buffer.allocUnsafe(OUT_BYTES) as RawBuffer;
  if (closing) {
    files.delete(batch.journal);
    closeSync(open.fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already reported: the batch's error says why this journal failed.
  }
}

/** Cuts a journal back to where a failed batch started (best effort: the disk may refuse that too). */
function rollBack(open: OpenJournal, size: number, seq: number): void {
  open.seq = seq;
  open.size = size;
  try {
    ftruncateSync(open.fd, size);
  } catch {
    // The batch's error is reported already; a torn last line is what replay tolerates.
  }
}

port.on('message', (batch: JournalBatch) => {
  let error: string | undefined;
  let failedLines: number | undefined;
  let before: { open: OpenJournal; size: number; seq: number } | null = null;
  try {
    const open = fileOf(batch);
    before = { open, size: open.size, seq: open.seq };
    writeBatch(batch);
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
    failedLines = stdoutLinesIn(batch.items);
    out.length = 0;
    if (before !== null) rollBack(before.open, before.size, before.seq);
    // A journal that failed while closing is closed all the same: nothing more goes to it.
    const open = files.get(batch.journal);
    if (open !== undefined && batch.items.some((item) => item.kind === 'close')) {
      files.delete(batch.journal);
      closeQuietly(open.fd);
    }
  }
  Atomics.store(written, 0, batch.ticket);
  const returned = batch.items.flatMap((item) => (item.kind === 'out' ? [item.bytes.buffer as ArrayBuffer] : []));
  port.postMessage({ kind: 'written', ticket: batch.ticket, journal: batch.journal, error, failedLines, returned } satisfies WriterMessage, returned);
});

port.postMessage({ kind: 'ready' } satisfies WriterMessage);
