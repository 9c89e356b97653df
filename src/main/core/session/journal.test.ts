import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from './journal';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function records(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Journal', () => {
  it('records every stdout line verbatim, in order, with increasing seq', () => {
    const journal = new Journal(join(dir, 's.ndjson'), () => 1000);
    const lines = ['{"type":"a"}', '', 'not json {', '{"t":"日本語 \\" \\\\ 🚀"}', '{"x":1}\r'];
    journal.outRun(Buffer.from(lines.join('\n'), 'utf8'));
    journal.close();
    const written = records(journal.path);
    expect(written.map((record) => record.raw)).toEqual(lines);
    expect(written.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(written.every((record) => record.dir === 'out' && record.t === 1000)).toBe(true);
  });

  it('keeps valid lines as raw and only the invalid line of a run as rawBase64', () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    const bad = Buffer.from([0x7b, 0xff, 0x7d]);
    journal.outRun(Buffer.concat([Buffer.from('{"a":"é"}\n'), bad, Buffer.from('\n{"b":2}')]));
    journal.close();
    const written = records(journal.path);
    expect(written.map((record) => record.raw ?? null)).toEqual(['{"a":"é"}', null, '{"b":2}']);
    expect(Buffer.from(written[1]?.rawBase64 as string, 'base64').equals(bad)).toBe(true);
  });

  it('records bytes that are not UTF-8 as rawBase64, exactly', () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    const bytes = Buffer.from([0x7b, 0xff, 0x00, 0xc3, 0x7d]);
    journal.outRun(bytes);
    journal.close();
    const [record] = records(journal.path);
    expect(record?.raw).toBeUndefined();
    expect(Buffer.from(record?.rawBase64 as string, 'base64').equals(bytes)).toBe(true);
  });

  it('records stdin lines and lifecycle events, interleaved in arrival order', () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    journal.event({ event: 'spawn', pid: 1 });
    journal.in('{"type":"user"}');
    journal.outRun(Buffer.from('{"type":"result"}'));
    journal.event({ event: 'exit', code: 0 });
    journal.close();
    expect(records(journal.path).map((record) => [record.dir, record.event ?? record.raw])).toEqual([
      ['event', 'spawn'],
      ['in', '{"type":"user"}'],
      ['out', '{"type":"result"}'],
      ['event', 'exit'],
    ]);
  });

  it('writes buffered stdout records on flush, before close', () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    journal.outRun(Buffer.from('{"a":1}'));
    expect(readFileSync(journal.path, 'utf8')).toBe('');
    journal.flush();
    expect(records(journal.path)).toHaveLength(1);
    journal.close();
  });

  it('spills an oversize line byte-exact to a side file named in its record', () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    const big = Buffer.alloc(3000, 0x78);
    journal.spillBytes(1, big.subarray(0, 1000));
    journal.spillBytes(1, big.subarray(1000));
    journal.outOversize(big.length, big.subarray(0, 16), 1);
    journal.close();
    const [record] = records(journal.path);
    expect(record).toMatchObject({ dir: 'out', oversize: true, bytes: 3000 });
    expect(readFileSync(join(dir, record?.spill as string)).equals(big)).toBe(true);
  });
});
