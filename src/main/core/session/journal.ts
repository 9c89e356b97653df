/**
 * The session journal: an NDJSON file that is the ground truth of what crossed the agent's
 * pipes.
 *
 * Invariants:
 * - One record per line, in arrival order, each with a strictly increasing `seq` and a
 *   wall-clock `t` (ms): `{"dir":"out","raw":…}` for every agent stdout line, verbatim
 *   (`rawBase64` instead of `raw` when the bytes are not valid UTF-8), `{"dir":"in","raw":…}`
 *   for every line written to the agent's stdin, `{"dir":"event","event":…}` for lifecycle facts.
 * - Records are buffered in memory only until `flush()`, which the pipeline calls once per
 *   stdout chunk, before anything derived from that chunk is shown: a line a view has seen is
 *   always already in the file (in the OS page cache, so it survives a crash of Sluice).
 *   `in` and `event` records are flushed at once. The buffer is bounded by one chunk's lines.
 * - An oversize line (over the framer's cap) is spilled byte-exact to a side file named in its
 *   record, so even a line Sluice refused to parse is kept.
 * - Speed: stdout lines are read as latin1 (one char per byte). JSON-escaping a latin1 string
 *   touches only `"`, `\` and control bytes and leaves bytes >= 0x80 alone, so the record,
 *   written back as latin1, is exactly the UTF-8 of the record for the decoded line — without
 *   ever decoding or re-encoding UTF-8 (several times faster than the string round trip).
 */

import { isAscii, isUtf8 } from 'node:buffer';
import { appendFileSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { forEachLine } from '../stream/run-parser';

export type JournalEvent = Record<string, unknown> & { event: string };

export class Journal {
  readonly path: string;
  private fd: number | null;
  private buffered: string[] = [];
  private seq = 0;
  private readonly now: () => number;

  constructor(path: string, now: () => number = Date.now) {
    mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.fd = openSync(path, 'a');
    this.now = now;
  }

  /** Records every line of a run (complete lines joined by 0x0A, see framer.ts), verbatim. */
  outRun(run: Buffer): void {
    const t = String(this.now());
    if (isAscii(run) || isUtf8(run)) {
      forEachLine(run.toString('latin1'), (latin1) => this.outLatin1(latin1, t));
      return;
    }
    let start = 0;
    for (;;) {
      const newline = run.indexOf(0x0a, start);
      const bytes = run.subarray(start, newline === -1 ? run.length : newline);
      if (isUtf8(bytes)) this.outLatin1(bytes.toString('latin1'), t);
      else this.buffered.push(`{"dir":"out","rawBase64":"${bytes.toString('base64')}","seq":${++this.seq},"t":${t}}\n`);
      if (newline === -1) return;
      start = newline + 1;
    }
  }

  /** One valid UTF-8 line, given as latin1 (its bytes, one char each). */
  private outLatin1(latin1: string, t: string): void {
    this.buffered.push('{"dir":"out","raw":', JSON.stringify(latin1), ',"seq":', String(++this.seq), ',"t":', t, '}\n');
  }

  /** Records a stdout line over the size cap; its bytes went to spill file number `spill`. */
  outOversize(totalBytes: number, head: Buffer, spill: number): void {
    const spillFile = basename(this.spillPath(spill));
    // ASCII only (base64 and a file name), so it can sit among the latin1 records.
    this.buffered.push(
      `${JSON.stringify({ dir: 'out', oversize: true, bytes: totalBytes, headBase64: head.toString('base64'), spill: spillFile, seq: ++this.seq, t: this.now() })}\n`,
    );
  }

  /** Appends bytes of oversize line number `spill` to its side file, as they stream past. */
  spillBytes(spill: number, bytes: Buffer): void {
    appendFileSync(this.spillPath(spill), bytes);
  }

  in(line: string): void {
    this.flush();
    this.writeUtf8(`{"dir":"in","raw":${JSON.stringify(line)},"seq":${++this.seq},"t":${this.now()}}\n`);
  }

  event(event: JournalEvent): void {
    this.flush();
    this.writeUtf8(`${JSON.stringify({ dir: 'event', ...event, seq: ++this.seq, t: this.now() })}\n`);
  }

  /** The side file for the bytes of one oversize line, next to the journal. */
  spillPath(spill: number): string {
    return join(dirname(this.path), `${basename(this.path, '.ndjson')}.oversize-${spill}.bin`);
  }

  /** Writes the buffered stdout records (latin1 strings: their bytes are the records' UTF-8). */
  flush(): void {
    if (this.buffered.length === 0 || this.fd === null) return;
    const data = this.buffered.join('');
    this.buffered = [];
    writeAll(this.fd, Buffer.from(data, 'latin1'));
  }

  private writeUtf8(record: string): void {
    if (this.fd !== null) writeAll(this.fd, Buffer.from(record, 'utf8'));
  }

  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
}
