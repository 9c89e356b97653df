import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { ConversationReducer } from './reducer';
import { Ingest, type ChunkOutcome } from './ingest';

let dir: string;
let journal: Journal;
let pipeline: Ingest;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-ingest-'));
  journal = new Journal(join(dir, 's.ndjson'));
  const reducer = new ConversationReducer(() => 0);
  reducer.beginTurn('turn-1');
  pipeline = new Ingest({ journal, reducer, control: { receiveControl: () => false }, maxLineBytes: 96 });
});
afterEach(async () => {
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
});

async function journaledLines(): Promise<unknown[]> {
  await journal.drained();
  return readFileSync(journal.path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { raw?: string; dir: string })
    .filter((record) => record.dir === 'out')
    .map((record) => record.raw ?? record);
}

const warnings = (outcome: ChunkOutcome): string[] => outcome.patches.flatMap((patch) => (patch.op === 'warning' ? [patch.warning.code] : []));

describe('Ingest', () => {
  it('hands out, per chunk, the lines it completed, and keeps a line split across chunks whole', async () => {
    const line = '{"type":"system","subtype":"init","session_id":"s1","é":"日本"}';
    const bytes = Buffer.from(`${line}\n{"type":"x"}\n`);
    const cut = bytes.indexOf(Buffer.from('日')) + 1; // inside a multibyte character
    const first = pipeline.push(bytes.subarray(0, cut));
    const second = pipeline.push(bytes.subarray(cut));
    expect(first.lines).toBeNull();
    expect(second.lines).toEqual([1, 2]);
    expect(warnings(second)).toEqual([]);
    expect(pipeline.counters).toEqual({ lines: 2, messages: 2, bytes: bytes.length, parseErrors: 0 });
    expect(await journaledLines()).toEqual([line, '{"type":"x"}']);
  });

  it('turns bad lines into warnings with their line numbers, journals them, and loses nothing after them', async () => {
    const outcome = pipeline.push(Buffer.from(`not json\n[1]\n${'x'.repeat(200)}\n{"type":"y"}\n`));
    expect(warnings(outcome)).toEqual(['malformed-line', 'not-an-object', 'line-too-long']);
    expect(outcome.patches.flatMap((patch) => (patch.op === 'warning' ? [patch.warning.line] : []))).toEqual([1, 2, 3]);
    expect(outcome.lines).toEqual([1, 4]);
    expect(pipeline.counters).toMatchObject({ lines: 4, messages: 1, parseErrors: 3 });
    const journaled = await journaledLines();
    expect(journaled.slice(0, 2)).toEqual(['not json', '[1]']);
    expect(journaled[2]).toMatchObject({ oversize: true, bytes: 200 });
    expect(readFileSync(journal.spillPath(1), 'utf8')).toBe('x'.repeat(200));
    expect(journaled[3]).toBe('{"type":"y"}');
  });

  it('keeps a last line without a newline at the end of stdout', async () => {
    expect(pipeline.push(Buffer.from('{"type":"a"}\n{"type":"b"}')).lines).toEqual([1, 1]);
    expect(pipeline.end().lines).toEqual([2, 2]);
    expect(await journaledLines()).toEqual(['{"type":"a"}', '{"type":"b"}']);
  });

  it('collects at most 8 agent write stamps per chunk, and starts afresh with the next chunk', async () => {
    const stamped = Array.from({ length: 12 }, (_, n) => `{"type":"x","sim_ts":${n}}\n`).join('');
    expect(pipeline.push(Buffer.from(stamped)).stamps).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pipeline.push(Buffer.from('{"type":"x","sim_ts":99}\n')).stamps).toEqual([99]);
  });
});
