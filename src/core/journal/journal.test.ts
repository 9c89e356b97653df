import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { Journal } from './journal';
import { journalWriter } from './journal-writer';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function records(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Journal', () => {
  it('records every stdout line verbatim, in order, with increasing seq', async () => {
    const journal = new Journal(join(dir, 's.ndjson'), () => 1000);
    const lines = ['{"type":"a"}', '', 'not json {', '{"t":"日本語 \\" \\\\ 🚀"}', '{"x":1}\r'];
    journal.outRun(Buffer.from(lines.join('\n'), 'utf8'));
    await journal.close();
    const written = records(journal.path);
    expect(written.map((record) => record.raw)).toEqual(lines);
    expect(written.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(written.every((record) => record.dir === 'out' && record.t === 1000)).toBe(true);
  });

  it('keeps valid lines as raw and only the invalid line of a run as rawBase64', async () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    const bad = Buffer.from([0x7b, 0xff, 0x7d]);
    journal.outRun(Buffer.concat([Buffer.from('{"a":"é"}\n'), bad, Buffer.from('\n{"b":2}')]));
    await journal.close();
    const written = records(journal.path);
    expect(written.map((record) => record.raw ?? null)).toEqual(['{"a":"é"}', null, '{"b":2}']);
    expect(Buffer.from(written[1]?.rawBase64 as string, 'base64').equals(bad)).toBe(true);
  });

  it('records bytes that are not UTF-8 as rawBase64, exactly', async () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    const bytes = Buffer.from([0x7b, 0xff, 0x00, 0xc3, 0x7d]);
    journal.outRun(bytes);
    await journal.close();
    const [record] = records(journal.path);
    expect(record?.raw).toBeUndefined();
    expect(Buffer.from(record?.rawBase64 as string, 'base64').equals(bytes)).toBe(true);
  });

  it('records long lines exactly, valid or not, escaped piece by piece (pieces split escapes and characters anywhere)', async () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    // Over a megabyte each: every byte that needs escaping, multibyte characters at every offset.
    const valid = `{"t":"${'é "q" \\ \u0001 日本語 🚀 '.repeat(40_000)}"}`;
    const invalid = Buffer.concat([Buffer.from('{"b":"'), Buffer.alloc(1_200_001, 0xff), Buffer.from('"}')]);
    journal.outRun(Buffer.concat([Buffer.from(valid), Buffer.from('\n'), invalid, Buffer.from('\n{"after":1}')]));
    await journal.close();
    const written = records(journal.path);
    expect(written[0]?.raw).toBe(valid);
    expect(Buffer.from(written[1]?.rawBase64 as string, 'base64').equals(invalid)).toBe(true);
    expect(written.map((record) => record.seq)).toEqual([1, 2, 3]);
    expect(written[2]?.raw).toBe('{"after":1}');
  });

  it('records stdin lines and lifecycle events, interleaved in arrival order', async () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    journal.event({ event: 'spawn', pid: 1 });
    journal.in('{"type":"user"}');
    journal.outRun(Buffer.from('{"type":"result"}'));
    journal.event({ event: 'exit', code: 0 });
    await journal.close();
    expect(records(journal.path).map((record) => [record.dir, record.event ?? record.raw])).toEqual([
      ['event', 'spawn'],
      ['in', '{"type":"user"}'],
      ['out', '{"type":"result"}'],
      ['event', 'exit'],
    ]);
  });

  it('hands stdout records over on flush and tells when they are written, before close', async () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    journal.outRun(Buffer.from('{"a":1}'));
    expect(journal.ticket).toBe(0);
    const ticket = journal.flush();
    expect(ticket).toBeGreaterThan(0);
    await new Promise<void>((resolve) => (journal.onWritten = () => journal.isWritten(ticket) && resolve()));
    expect(records(journal.path)).toHaveLength(1);
    expect(journal.unwrittenBatches).toBe(0);
    await journal.close();
  });

  it('drained() resolves once every record handed over is in the file', async () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    for (let i = 0; i < 200; i++) {
      journal.outRun(Buffer.from(`{"n":${i}}\n{"m":${i}}`));
      journal.flush();
    }
    await journal.drained();
    expect(records(journal.path)).toHaveLength(400);
    await journal.close();
  });

  it('keeps the records of two journals apart, each with its own seq', async () => {
    const first = new Journal(join(dir, 'a.ndjson'));
    const second = new Journal(join(dir, 'b.ndjson'));
    first.outRun(Buffer.from('{"a":1}'));
    second.outRun(Buffer.from('{"b":1}\n{"b":2}'));
    first.event({ event: 'exit', code: 0 });
    await Promise.all([first.close(), second.close()]);
    expect(records(first.path).map((record) => [record.seq, record.raw ?? record.event])).toEqual([[1, '{"a":1}'], [2, 'exit']]);
    expect(records(second.path).map((record) => [record.seq, record.raw])).toEqual([[1, '{"b":1}'], [2, '{"b":2}']]);
  });

  it('reports a write that fails, once, and does not wait on it', async () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    const failed = new Promise<string>((resolve) => (journal.onFailure = resolve));
    rmSync(journal.path);
    mkdirSync(journal.path); // a folder where the file should be: the writer cannot open it
    journal.outRun(Buffer.from('{"a":1}'));
    await journal.drained();
    expect(await failed).toMatch(/EISDIR/);
    expect(journal.unwrittenBatches).toBe(0);
    await journal.close();
  });

  it('spills an oversize line byte-exact to a side file named in its record', async () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    const big = Buffer.alloc(3000, 0x78);
    journal.spillBytes(1, big.subarray(0, 1000));
    journal.spillBytes(1, big.subarray(1000));
    journal.outOversize(big.length, big.subarray(0, 16), 1);
    await journal.close();
    const [record] = records(journal.path);
    expect(record).toMatchObject({ dir: 'out', oversize: true, bytes: 3000 });
    expect(readFileSync(join(dir, record?.spill as string)).equals(big)).toBe(true);
  });

  it('does not hang when the writer thread dies: waits end, the journal reports it, a new thread takes over', async () => {
    const journal = new Journal(join(dir, 's.ndjson'));
    const failed = new Promise<string>((resolve) => (journal.onFailure = resolve));
    await (journalWriter() as unknown as { worker: Worker }).worker.terminate();
    journal.outRun(Buffer.from('{"a":1}'));
    await journal.drained();
    expect(await failed).toMatch(/journal writer stopped/);
    expect(journal.isWritten(journal.ticket)).toBe(true);
    await journal.close();
    const next = new Journal(join(dir, 'next.ndjson'));
    next.outRun(Buffer.from('{"b":1}'));
    await next.close();
    expect(records(next.path).map((record) => record.raw)).toEqual(['{"b":1}']);
  });
});
