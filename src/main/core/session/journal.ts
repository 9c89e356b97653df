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
 */

import { appendFileSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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

  /** Records one agent stdout line that is valid UTF-8, verbatim. */
  out(text: string): void {
    this.buffered.push(`{"dir":"out","raw":${JSON.stringify(text)},"seq":${++this.seq},"t":${this.now()}}\n`);
  }

  /** Records one agent stdout line that is not valid UTF-8, byte-exact. */
  outBytes(bytes: Buffer): void {
    this.buffered.push(`{"dir":"out","rawBase64":"${bytes.toString('base64')}","seq":${++this.seq},"t":${this.now()}}\n`);
  }

  /** Records a stdout line over the size cap; its bytes went to spill file number `spill`. */
  outOversize(totalBytes: number, head: Buffer, spill: number): void {
    const spillFile = basename(this.spillPath(spill));
    this.buffered.push(
      `${JSON.stringify({ dir: 'out', oversize: true, bytes: totalBytes, headBase64: head.toString('base64'), spill: spillFile, seq: ++this.seq, t: this.now() })}\n`,
    );
  }

  /** Appends bytes of oversize line number `spill` to its side file, as they stream past. */
  spillBytes(spill: number, bytes: Buffer): void {
    appendFileSync(this.spillPath(spill), bytes);
  }

  in(line: string): void {
    this.buffered.push(`{"dir":"in","raw":${JSON.stringify(line)},"seq":${++this.seq},"t":${this.now()}}\n`);
    this.flush();
  }

  event(event: JournalEvent): void {
    this.buffered.push(`${JSON.stringify({ dir: 'event', ...event, seq: ++this.seq, t: this.now() })}\n`);
    this.flush();
  }

  /** The side file for the bytes of one oversize line, next to the journal. */
  spillPath(spill: number): string {
    return join(dirname(this.path), `${basename(this.path, '.ndjson')}.oversize-${spill}.bin`);
  }

  flush(): void {
    if (this.buffered.length === 0 || this.fd === null) return;
    const data = this.buffered.length === 1 ? (this.buffered[0] as string) : this.buffered.join('');
    this.buffered = [];
    writeAll(this.fd, data);
  }

  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function writeAll(fd: number, data: string): void {
  const bytes = Buffer.from(data, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
}
