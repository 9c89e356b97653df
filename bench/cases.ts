/**
 * One benchmark case, run in its own process so its memory is measured alone:
 *   node --import tsx bench/cases.ts <case> <file|pipe> <corpus> <scratch dir>
 * Prints one JSON line: messages, bytes, seconds, peak RSS and RSS growth over the run.
 */

import { spawn } from 'node:child_process';
import { closeSync, openSync, read, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import split2 from 'split2';
import type { AgentMessage } from '../src/shared/agent-messages';
import type { SessionPatch } from '../src/shared/session-view';
import { LineFramer, type LineSink } from '../src/core/stream/framer';
import { LineProblem, parseLine } from '../src/core/stream/line-parser';
import { parseRun, type ParsedLineSink } from '../src/core/stream/run-parser';
import { Journal } from '../src/core/journal/journal';
import { journalWriter } from '../src/core/journal/journal-writer';
import { ConversationReducer } from '../src/core/session/reducer';
import { shouldPause } from '../src/core/flow/view-channel';

export type CaseName = 'raw-read' | 'json-parse' | 'readline' | 'split2' | 'naive' | 'sluice-parse' | 'sluice-core' | 'sluice-core-plain';
export type SourceName = 'file' | 'pipe';

interface CaseOutcome {
  messages: number;
  bytes: number;
  corrupted?: number;
}

const CHUNK_BYTES = 64 * 1024;
/** sluice-core has no view: only the journal writer's lag pauses its source. */
const NO_VIEW_QUEUE = { bytes: 0, patches: 0 };

function open(source: SourceName, path: string): NodeJS.ReadableStream {
  if (source === 'file') return readingAhead(path);
  const child = spawn('cat', [path], { stdio: ['ignore', 'pipe', 'inherit'] });
  return child.stdout;
}

/**
 * A file stream of 64 KB chunks that keeps the next read in flight while a chunk is consumed.
 * (`fs.createReadStream` issues it only afterwards, which adds a thread-pool round trip per chunk
 * to every case's time, and the more so the faster the case.)
 */
function readingAhead(path: string): Readable {
  const fd = openSync(path, 'r');
  const readChunk = (): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      read(fd, chunk, 0, CHUNK_BYTES, null, (error, bytesRead) => (error ? reject(error) : resolve(chunk.subarray(0, bytesRead))));
    });
  let next: Promise<Buffer> | null = null;
  return new Readable({
    highWaterMark: CHUNK_BYTES,
    read() {
      (next ?? readChunk()).then(
        (chunk) => {
          if (chunk.length === 0) {
            closeSync(fd);
            this.push(null);
            return;
          }
          next = readChunk();
          this.push(chunk);
        },
        (error: Error) => this.destroy(error),
      );
    },
  });
}

function drain(stream: NodeJS.ReadableStream, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('data', onChunk);
    stream.on('end', resolve);
    stream.on('error', reject);
  });
}

const cases: Record<CaseName, (source: SourceName, path: string, scratch: string) => Promise<CaseOutcome>> = {
  'raw-read': async (source, path) => {
    let bytes = 0;
    await drain(open(source, path), (chunk) => (bytes += chunk.length));
    return { messages: 0, bytes };
  },

  'json-parse': async (_source, path) => {
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.pop();
    const started = performance.now();
    let messages = 0;
    for (const line of lines) if (JSON.parse(line) !== null) messages++;
    timing.override = (performance.now() - started) / 1000;
    return { messages, bytes: lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) };
  },

  readline: async (source, path) => {
    let messages = 0;
    let bytes = 0;
    const input = open(source, path);
    input.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const lines = createInterface({ input, crlfDelay: Infinity });
    await new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        JSON.parse(line);
        messages++;
      });
      lines.on('close', resolve);
    });
    return { messages, bytes };
  },

  split2: async (source, path) => {
    let messages = 0;
    let bytes = 0;
    const input = open(source, path);
    input.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await new Promise<void>((resolve, reject) => {
      input
        .pipe(split2())
        .on('data', (line: string) => {
          JSON.parse(line);
          messages++;
        })
        .on('end', resolve)
        .on('error', reject);
    });
    return { messages, bytes };
  },

  naive: async (source, path) => {
    let messages = 0;
    let corrupted = 0;
    let bytes = 0;
    let carry = '';
    const take = (line: string): void => {
      messages++;
      try {
        JSON.parse(line);
        if (line.includes('\uFFFD')) corrupted++;
      } catch {
        corrupted++;
      }
    };
    await drain(open(source, path), (chunk) => {
      bytes += chunk.length;
      const parts = (carry + chunk.toString()).split('\n');
      carry = parts.pop() ?? '';
      for (const part of parts) take(part);
    });
    if (carry !== '') take(carry);
    return { messages, bytes, corrupted };
  },

  'sluice-parse': async (source, path) => {
    let messages = 0;
    let bytes = 0;
    const framer = new LineFramer();
    const parsedSink: ParsedLineSink = {
      line: (parsed) => {
        if (parsed !== null && !(parsed instanceof LineProblem)) messages++;
      },
    };
    const sink: LineSink = { lines: (run) => parseRun(run, parsedSink), oversize: () => undefined };
    await drain(open(source, path), (chunk) => {
      bytes += chunk.length;
      framer.push(chunk, sink);
    });
    framer.end(sink);
    return { messages, bytes };
  },

  'sluice-core': (source, path, scratch) => sluiceCore(source, path, scratch, parseRun),
  // The same pipeline with the plain TypeScript path: every line decoded by Buffer#toString and
  // given to JSON.parse, no WebAssembly run reader, no delta fast path. The run reader stays only
  // while sluice-core beats this by 1.3x (docs/DECISIONS.md).
  'sluice-core-plain': (source, path, scratch) => sluiceCore(source, path, scratch, parsePlainRun),
};

async function sluiceCore(source: SourceName, path: string, scratch: string, parse: typeof parseRun): Promise<CaseOutcome> {
  let messages = 0;
  let bytes = 0;
  let patchCount = 0;
  const framer = new LineFramer();
  const journalPath = join(scratch, `bench-journal-${process.pid}.ndjson`);
  const journal = new Journal(journalPath);
  const reducer = new ConversationReducer();
  let turn = 0;
  const patches: SessionPatch[] = [];
  const parsedSink: ParsedLineSink = {
    line: (parsed) => {
      if (parsed === null || parsed instanceof LineProblem) return;
      messages++;
      const message: AgentMessage = parsed;
      if (message.type === 'system' && reducer.currentTurnId === null) reducer.beginTurn(`t${++turn}`);
      reducer.apply(message, patches);
    },
  };
  const sink: LineSink = {
    lines: (run) => {
      journal.outRun(run);
      parse(run, parsedSink);
    },
    oversize: () => undefined,
  };
  // Like a session, stop reading while the journal writer lags (and go on once it caught up).
  const input = open(source, path);
  let paused = false;
  const pauseOnJournalLag = (): void => {
    const pause = shouldPause(paused, NO_VIEW_QUEUE, journal.unwrittenBatches);
    if (pause === paused) return;
    paused = pause;
    if (pause) input.pause();
    else input.resume();
  };
  journal.onWritten = pauseOnJournalLag;
  await drain(input, (chunk) => {
    bytes += chunk.length;
    framer.push(chunk, sink);
    journal.flush();
    pauseOnJournalLag();
    patchCount += patches.length;
    patches.length = 0;
  });
  framer.end(sink);
  await journal.close();
  rmSync(journalPath, { force: true });
  return { messages, bytes, patches: patchCount } as CaseOutcome;
}

/** Each line of a run decoded on its own and parsed by JSON.parse (line-parser.ts). */
function parsePlainRun(run: Buffer, sink: ParsedLineSink): void {
  let start = 0;
  for (;;) {
    const newline = run.indexOf(0x0a, start);
    const end = newline === -1 ? run.length : newline;
    sink.line(parseLine(run.toString('utf8', start, end)), false);
    if (newline === -1) return;
    start = newline + 1;
  }
}

const timing: { override: number | null } = { override: null };

async function main(): Promise<void> {
  const [name, source, path, scratch] = process.argv.slice(2) as [CaseName, SourceName, string, string];
  const run = cases[name];
  if (!run) throw new Error(`unknown case ${name}`);
  // The journal writer thread is set up once per process, like the app's other services: its
  // fixed footprint is not growth during the stream (docs/BENCHMARKS.md reports it apart).
  if (name.startsWith('sluice-core')) await journalWriter().ready;
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
  const started = performance.now();
  const outcome = await run(source, path, scratch);
  const seconds = timing.override ?? (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  process.stdout.write(`${JSON.stringify({ ...outcome, seconds, peakRssMb: peakRss / 1e6, rssGrowthMb: (peakRss - baseRss) / 1e6 })}\n`);
}

void main();
