import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { applyPatches, type SessionView } from '../../shared/session-view';
import type { ViewEvent } from '../../shared/protocol';
import type { AgentLaunch } from '../agent/agent-launch';
import { systemClock, type Clock } from '../clock';
import { Session } from './session';
import { sessionHarness } from './session-harness.test-support';
import { simulatorFromSource } from '../agent/simulator-launch.test-support';

/**
 * Scripted agents: tiny Node programs that answer the first stdin line with exact bytes,
 * written in several writes (so chunk boundaries fall inside lines and characters).
 */
function scriptedAgent(script: string): AgentLaunch {
  return {
    info: { kind: 'custom', label: 'Scripted agent', commandLine: 'node -e …' },
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env: process.env,
  };
}

/** An agent that, once it reads a line, writes `parts` (hex) with a pause between writes, then runs `after`. */
function writesAfterFirstLine(parts: Buffer[], after = ''): AgentLaunch {
  const hex = JSON.stringify(parts.map((part) => part.toString('hex')));
  return scriptedAgent(`
    const parts = ${hex}.map((h) => Buffer.from(h, 'hex'));
    let started = false;
    process.stdin.on('data', async () => {
      if (started) return; started = true;
      for (const part of parts) { process.stdout.write(part); await new Promise((r) => setTimeout(r, 5)); }
      ${after}
    });
  `);
}

const streamLines = (text: string[]): string[] => [
  JSON.stringify({ type: 'system', subtype: 'init', session_id: 'agent-1', model: 'm' }),
  JSON.stringify({ type: 'stream_event', event: { type: 'message_start', message: { id: 'msg_1' } } }),
  JSON.stringify({ type: 'stream_event', event: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } }),
  ...text.map((piece) => JSON.stringify({ type: 'stream_event', event: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } } })),
];

const resultLine = JSON.stringify({ duration_api_ms: 1, type: 'result', subtype: 'success', is_error: false, terminal_reason: 'completed', result: 'x' });

function splitEvery(bytes: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return parts;
}

const harness = sessionHarness('session');
const open = harness.open;

function journal(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Session', () => {
  it('journals every stdout line byte-exact and in order, with chunks split inside characters', async () => {
    const lines = [...streamLines(['Grüße ', '日本語 ', '🚀👍🏽']), 'not json {', '', resultLine];
    const bytes = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
    const session = open(writesAfterFirstLine(splitEvery(bytes, 7)));
    const { turnId } = session.send('hi');
    await session.turnEnded(turnId);
    await session.close();
    const out = journal(session.journalPath).filter((record) => record.dir === 'out');
    expect(out.map((record) => record.raw)).toEqual(lines);
    expect(session.view.counters).toMatchObject({ lines: lines.length, messages: lines.length - 2, parseErrors: 1, bytes: bytes.length });
  });

  it('shows a view nothing before the journal holds it: every batch’s lines are already in the file', async () => {
    const lines = [...streamLines(Array.from({ length: 300 }, (_, i) => `piece ${i} Grüße `)), resultLine];
    const bytes = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
    const session = open(writesAfterFirstLine(splitEvery(bytes, 1_000)));
    const seen: { shownUpTo: number; journaled: number }[] = [];
    session.subscribe((event) => {
      if (event.kind !== 'patches' || event.lines === null) return;
      seen.push({ shownUpTo: event.lines[1], journaled: journal(session.journalPath).filter((record) => record.dir === 'out').length });
    });
    const { turnId } = session.send('hi');
    await session.turnEnded(turnId);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.filter((batch) => batch.journaled < batch.shownUpTo)).toEqual([]);
  });

  it('keeps a long reply out of memory yet whole: a late view’s snapshot and the view hold every character', async () => {
    const pieces = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, '0')}${'Grüße 🚀 '.repeat(1_000)}\n`);
    // The agent builds its 500 KB of output itself: as bytes on its command line it would not fit.
    const session = open(
      scriptedAgent(`
        const pieces = Array.from({ length: 40 }, (_, i) => String(i).padStart(2, '0') + 'Grüße 🚀 '.repeat(1000) + '\\n');
        const lines = [...${JSON.stringify(streamLines([]))}, ...pieces.map((text) => JSON.stringify({ type: 'stream_event', event: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } } })), ${JSON.stringify(resultLine)}];
        process.stdin.once('data', () => process.stdout.write(lines.map((line) => line + '\\n').join('')));
      `),
    );
    const { turnId } = session.send('hi');
    await session.turnEnded(turnId);
    expect(existsSync(join(harness.dir, 's1.spill')), 'the long text was moved out').toBe(true);

    let snapshot: SessionView | null = null;
    session.subscribe((event) => {
      if (event.kind === 'snapshot') snapshot = event.session;
    })();
    const textOf = (view: SessionView | null) => view?.messages.flatMap((message) => (message.role === 'assistant' ? message.blocks.map((block) => block.text) : [])).join('');
    expect(textOf(snapshot)).toBe(pieces.join(''));
    expect(textOf(session.view)).toBe(pieces.join(''));

    await session.close();
    expect(existsSync(join(harness.dir, 's1.spill'))).toBe(false);
    expect(textOf(session.view)).toBe(pieces.join(''));
  });

  it('writes the prompt to stdin as a stream-json user message and journals it as dir:in', async () => {
    const session = open(writesAfterFirstLine([Buffer.from(`${resultLine}\n`)]));
    const { turnId } = session.send('hello "agent"');
    await session.turnEnded(turnId);
    const inbound = journal(session.journalPath).find((record) => record.dir === 'in');
    expect(JSON.parse(inbound?.raw as string)).toMatchObject({ type: 'user', message: { role: 'user', content: 'hello "agent"' } });
  });

  it('shows a malformed line as a warning and keeps streaming after it', async () => {
    const lines = [...streamLines(['before ']), '{oops', ...streamLines([]).slice(3), JSON.stringify({ type: 'stream_event', event: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'after' } } }), resultLine];
    const session = open(writesAfterFirstLine([Buffer.from(lines.map((line) => `${line}\n`).join(''))]));
    const { turnId } = session.send('hi');
    await session.turnEnded(turnId);
    const view = session.view;
    expect(view.warnings).toEqual([expect.objectContaining({ code: 'malformed-line', line: 5 })]);
    const assistant = view.messages.find((message) => message.role === 'assistant');
    expect(assistant?.role === 'assistant' && assistant.blocks[0]?.text).toBe('before after');
  });

  it('fails the turn with the exit code and stderr tail when the agent dies mid-turn, keeping the partial text', async () => {
    const lines = streamLines(['partial ', 'answer']);
    const session = open(
      writesAfterFirstLine([Buffer.from(lines.map((line) => `${line}\n`).join(''))], "process.stderr.write('boom: out of cheese\\n'); process.exit(3);"),
    );
    const { turnId } = session.send('hi');
    const turn = await session.turnEnded(turnId);
    expect(turn.status).toBe('failed');
    expect(turn.error).toMatchObject({ code: 'agent-crashed' });
    expect(turn.error?.message).toContain('code 3');
    expect(turn.error?.detail).toContain('boom: out of cheese');
    const view = session.view;
    const assistant = view.messages.find((message) => message.role === 'assistant');
    expect(assistant).toMatchObject({ status: 'failed', blocks: [{ text: 'partial answer' }] });
    expect(view.agentState).toBe('exited');
    expect(journal(session.journalPath).at(-1)).toMatchObject({ dir: 'event', event: 'exit', code: 3 });
  });

  it('refuses a second prompt while a turn streams, with agent-busy', async () => {
    const session = open(writesAfterFirstLine([Buffer.from(`${streamLines(['x']).join('\n')}\n`)]));
    session.send('one');
    expect(() => session.send('two')).toThrow(expect.objectContaining({ code: 'agent-busy' }));
  });

  it('gives a new subscriber a snapshot, then patches that rebuild exactly the session view', async () => {
    const lines = [...streamLines(['a', 'b', 'c']), resultLine];
    const session = open(writesAfterFirstLine(lines.map((line) => Buffer.from(`${line}\n`))));
    let mirror: SessionView | null = null;
    const events: ViewEvent['kind'][] = [];
    session.subscribe((event) => {
      events.push(event.kind);
      if (event.kind === 'snapshot') mirror = event.session;
      else if (event.kind === 'patches') mirror = applyPatches(mirror as unknown as SessionView, event.patches);
    });
    const { turnId } = session.send('hi');
    await session.turnEnded(turnId);
    expect(events[0]).toBe('snapshot');
    expect(events.slice(1).every((kind) => kind === 'patches' || kind === 'metrics')).toBe(true);
    expect(mirror).toEqual(session.view);
  });

  it('keeps a line over the cap in a spill file, warns, and still ends the turn when it was the result', async () => {
    const bigResult = JSON.stringify({ duration_api_ms: 1, is_error: false, terminal_reason: 'completed', subtype: 'success', result: 'r'.repeat(5000), type: 'result' });
    const lines = [...streamLines(['short answer']), bigResult, JSON.stringify({ type: 'system', subtype: 'status' })];
    const session = new Session({
      id: 's1',
      launch: writesAfterFirstLine([Buffer.from(lines.map((line) => `${line}\n`).join(''))]),
      journalPath: join(harness.dir, 's1.ndjson'),
      clock: systemClock,
      maxLineBytes: 2048,
    });
    harness.adopt(session);
    const { turnId } = session.send('hi');
    expect((await session.turnEnded(turnId)).status).toBe('completed');
    expect(session.view.warnings).toEqual([expect.objectContaining({ code: 'line-too-long' })]);
    const oversize = journal(session.journalPath).find((record) => record.oversize === true);
    expect(oversize).toMatchObject({ bytes: Buffer.byteLength(bigResult) });
    expect(readFileSync(join(harness.dir, oversize?.spill as string), 'utf8')).toBe(bigResult);
    expect(session.view.counters.lines).toBe(lines.length);
  });

  it('reports a program that cannot be started as agent-spawn-failed', async () => {
    const session = open({ ...scriptedAgent(''), command: join(harness.dir, 'no-such-agent') });
    const { turnId } = session.send('hi');
    const turn = await session.turnEnded(turnId);
    expect(turn.error?.code).toBe('agent-spawn-failed');
  });

  it('stops an agent that ignores stdin EOF and SIGTERM with SIGKILL to its process group', async () => {
    const stubborn = scriptedAgent(`
      process.on('SIGTERM', () => {});
      require('node:child_process').spawn(process.execPath, ['-e', "process.on('SIGTERM',()=>{}); setInterval(()=>{}, 1000)"], { stdio: 'ignore' });
      setInterval(() => {}, 1000);
      process.stdin.resume();
    `);
    const fastClock: Clock = { ...systemClock, setTimeout: (callback, ms) => setTimeout(callback, ms / 20) };
    const session = open(stubborn, fastClock);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await session.close();
    expect(session.view.exit?.signal).toBe('SIGKILL');
    const steps = journal(session.journalPath).filter((record) => record.event === 'close').map((record) => record.step);
    expect(steps).toEqual(['stdin-eof', 'SIGTERM', 'SIGKILL']);
  });

  it('stops the turn when the journal cannot be written (a full disk): typed error, banner, lines counted', async () => {
    const journalPath = join(harness.dir, 'full.ndjson');
    symlinkSync('/dev/full', journalPath);
    const session = harness.adopt(new Session({ id: 'full', launch: simulatorFromSource('--words', '100000', '--delay', '2'), journalPath, clock: systemClock }));
    const turn = await session.turnEnded(session.send('go').turnId);
    expect(turn).toMatchObject({ status: 'failed', error: { code: 'journal_write_failed' } });
    // The fault's own patches follow the journal's order: they arrive once the failed writes are acknowledged.
    await vi.waitFor(() => expect(session.view.counters.unjournaledLines).toBeGreaterThan(0));
    const view = session.view;
    expect(view.storageFault).toMatchObject({ code: 'journal_write_failed', message: expect.stringMatching(/ENOSPC.*not in it/) });
    expect(view.storageFault?.unjournaledLines).toBe(view.counters.unjournaledLines);
  });
});
