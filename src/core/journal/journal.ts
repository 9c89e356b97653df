/**
 * The session journal: an NDJSON file that is the ground truth of what crossed the agent's
 * pipes.
 *
 * Invariants:
 * - One record per line, in arrival order, each with a strictly increasing `seq` and a
 *   wall-clock `t` (ms): `{"dir":"out","raw":…}` for every agent stdout line, verbatim
 *   (`rawBase64` instead of `raw` when the bytes are not valid UTF-8), `{"dir":"in","raw":…}`
 *   for every line written to the agent's stdin, `{"dir":"event","event":…}` for lifecycle facts.
 * - Records are formatted and written by the journal writer thread (journal-writer.ts), in the
 *   order they were given here. Stdout lines are gathered until `flush()`, which the pipeline
 *   calls once per stdout chunk; `in` and `event` records are handed over at once.
 * - Every hand-over has a ticket; `isWritten(ticket)` tells when it is in the file (the OS page
 *   cache: it survives a crash of Sluice) and `onWritten` fires then. The pipeline shows nothing
 *   derived from a line before the line's ticket is written (flow/outbox.ts).
 * - `drained()` and `close()` resolve once everything handed over is written, so a reader of the
 *   file after them (a restore, a test) sees every record. Nothing here blocks the thread.
 * - An oversize line (over the framer's cap) is spilled byte-exact to a side file named in its
 *   record, so even a line Sluice refused to parse is kept.
 * - A write that fails is reported through `onFailure` (each failed hand-over, with the running
 *   count of stdout lines that did not reach the file); the first write that succeeds after
 *   failures is reported through `onRecovered`. What to do about it is the session's policy.
 */

import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SluiceError, agentError } from '../../shared/agent-error';
import { stdoutLinesIn, type JournalItem } from './journal-items';
import { journalWriter } from './journal-writer';

export type JournalEvent = Record<string, unknown> & { event: string };

/** The typed error for a journal (or its folder) that cannot be created. */
export function journalUnwritable(path: string, cause: unknown): SluiceError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SluiceError(
    agentError('journal_write_failed', `Sluice cannot write its journal at ${path} (${reason}).`, 'Free some disk space, or point SLUICE_DATA_DIR at a folder Sluice may write to.'),
  );
}

let journals = 0;

export class Journal {
  readonly path: string;
  /** Called after each hand-over of this journal is written. */
  onWritten: (() => void) | null = null;
  /** Called when a hand-over could not be written, with every line lost to the file so far. */
  onFailure: ((message: string, unjournaledLines: number) => void) | null = null;
  /** Called when a hand-over is written again after failures. */
  onRecovered: (() => void) | null = null;
  /** Agent stdout lines handed over whose write failed. */
  private lostLines = 0;
  /** Oversize lines whose side file could not be written. */
  private readonly failedSpills = new Set<number>();
  private readonly id = ++journals;
  private readonly now: () => number;
  private readonly writer = journalWriter();
  /** Stdout runs of the current chunk, not yet copied (they are valid until the chunk ends). */
  private runs: Buffer[] = [];
  private runsBytes = 0;
  private runsT = 0;
  private items: JournalItem[] = [];
  private lastTicket = 0;
  /** While failing: the last ticket handed over when the latest failure was heard. */
  private failedAtTicket: number | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(path: string, now: () => number = Date.now) {
    // Opened here too, so a journal that cannot be created fails now, where the caller sees it.
    try {
      mkdirSync(dirname(path), { recursive: true });
      closeSync(openSync(path, 'a'));
    } catch (error) {
      throw journalUnwritable(path, error);
    }
    this.path = path;
    this.now = now;
    this.writer.listen(this.id, (error, failedLines, ticket) => {
      if (error !== undefined) {
        this.failedAtTicket = this.lastTicket;
        this.lostLines += failedLines;
        this.onFailure?.(error, this.lostLines);
      } else if (this.failedAtTicket !== null && ticket > this.failedAtTicket) {
        // Only a batch handed over after the failure proves the journal writes again.
        this.failedAtTicket = null;
        this.onRecovered?.();
      }
      this.onWritten?.();
    });
  }

  /** Records every line of a run (complete lines joined by 0x0A, see framer.ts), verbatim. */
  outRun(run: Buffer): void {
    if (this.closed) return;
    const t = this.now();
    if (this.runs.length > 0 && t !== this.runsT) this.endRuns();
    this.runs.push(run);
    this.runsBytes += run.length + 1;
    this.runsT = t;
  }

  /** Records a stdout line over the size cap; its bytes went to spill file number `spill`. */
  outOversize(totalBytes: number, head: Buffer, spill: number): void {
    const spillFile = basename(this.spillPath(spill));
    this.record(JSON.stringify({ dir: 'out', oversize: true, bytes: totalBytes, headBase64: head.toString('base64'), spill: spillFile }));
  }

  /**
   * Appends bytes of oversize line number `spill` to its side file, as they stream past. A write
   * that fails counts the line as not journaled (once) and is reported like any journal failure.
   */
  spillBytes(spill: number, bytes: Buffer): void {
    if (this.failedSpills.has(spill)) return;
    try {
      appendFileSync(this.spillPath(spill), bytes);
    } catch (error) {
      this.failedSpills.add(spill);
      this.failedAtTicket = this.lastTicket;
      this.lostLines += 1;
      // Told after the chunk being framed, not in the middle of it.
      const message = error instanceof Error ? error.message : String(error);
      queueMicrotask(() => this.onFailure?.(message, this.lostLines));
    }
  }

  in(line: string): void {
    this.record(JSON.stringify({ dir: 'in', raw: line }));
    this.flush();
  }

  event(event: JournalEvent): void {
    this.record(JSON.stringify({ dir: 'event', ...event }));
    this.flush();
  }

  /** The side file for the bytes of one oversize line, next to the journal. */
  spillPath(spill: number): string {
    return join(dirname(this.path), `${basename(this.path, '.ndjson')}.oversize-${spill}.bin`);
  }

  /** Hands what was recorded since the last flush to the writer; returns the ticket of all of it. */
  flush(): number {
    this.endRuns();
    const stopped = this.writer.stoppedReason;
    if (stopped !== null && this.items.length > 0) {
      // The writer thread died: nothing handed to it now reaches the file. Counted, and said.
      this.lostLines += stdoutLinesIn(this.items);
      this.items = [];
      this.failedAtTicket = this.lastTicket;
      this.onFailure?.(`the journal writer stopped (${stopped})`, this.lostLines);
    }
    if (this.items.length > 0 && !this.closed) {
      this.lastTicket = this.writer.post(this.id, this.path, this.items);
      this.items = [];
    }
    return this.lastTicket;
  }

  /** The ticket of everything handed over so far. */
  get ticket(): number {
    return this.lastTicket;
  }

  isWritten(ticket: number): boolean {
    return this.writer.writtenTicket >= ticket;
  }

  /** True from a failed write until a later hand-over is written. */
  get failing(): boolean {
    return this.failedAtTicket !== null;
  }

  /** Agent stdout lines whose records could not be written. */
  get unjournaledLines(): number {
    return this.lostLines;
  }

  /** Hand-overs not yet written (for backpressure). */
  get unwrittenBatches(): number {
    return Math.max(0, this.lastTicket - this.writer.writtenTicket);
  }

  /** Resolves once everything handed over so far is in the file. */
  drained(): Promise<void> {
    return this.writer.whenWritten(this.flush());
  }

  /** Closes the file after everything handed over; resolves once it is written and closed. */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    this.endRuns();
    this.items.push({ kind: 'close' });
    this.lastTicket = this.writer.post(this.id, this.path, this.items);
    this.items = [];
    this.closed = true;
    this.closing = this.writer.whenWritten(this.lastTicket).then(() => this.writer.forget(this.id));
    return this.closing;
  }

  /** Copies the chunk's runs into one transferable block of lines, each ended by 0x0A. */
  private endRuns(): void {
    if (this.runs.length === 0) return;
    const bytes = this.writer.block(this.runsBytes);
    let offset = 0;
    for (const run of this.runs) {
      bytes.set(run, offset);
      offset += run.length;
      bytes[offset++] = 0x0a;
    }
    this.items.push({ kind: 'out', bytes, t: this.runsT });
    this.runs = [];
    this.runsBytes = 0;
  }

  private record(head: string): void {
    if (this.closed) return;
    this.endRuns();
    this.items.push({ kind: 'record', head: head.slice(0, -1), t: this.now() });
  }
}

