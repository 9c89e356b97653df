import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConversationMessage, SessionView } from '../../shared/session-view';
import { systemClock } from '../clock';
import { replayJournal } from './journal-replay';
import { Session } from '../session/session';
import { simulatorFromSource as sim } from '../agent/simulator-launch.test-support';
import { sessionHarness } from '../session/session-harness.test-support';

/** What a person sees of a conversation: roles, text, statuses (not timestamps). */
function visible(view: SessionView): unknown {
  return {
    messages: view.messages.map((message: ConversationMessage) =>
      message.role === 'assistant'
        ? { role: message.role, id: message.id, status: message.status, blocks: message.blocks.map((block) => [block.kind, block.text]) }
        : { role: message.role, text: message.text },
    ),
    turns: view.turns.map((turn) => turn.status),
  };
}

const harness = sessionHarness('replay');
const open = harness.open;

describe('replayJournal', () => {
  it('rebuilds what the live session showed: completed, interrupted and tool turns', async () => {
    const session = open(sim('--delay', '2'));
    await session.turnEnded(session.send('hi').turnId);
    const long = session.send('/sim words=3000 delay=5\ngo on');
    for (let i = 0; i < 300 && (session.view.messages.at(-1)?.role !== 'assistant'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    session.interrupt();
    await session.turnEnded(long.turnId);
    await session.turnEnded(session.send('/sim words=20 tool thinking\nuse a tool').turnId);
    const live = session.view;
    await session.close();

    const restored = replayJournal(session.journalPath, 's');
    expect(visible(restored.view)).toEqual(visible(live));
    expect(restored.turns).toBe(3);
    expect(restored.tornTail).toBe(false);
  });

  it('closes a turn the app died in as failed, keeping its partial text, and ignores a torn last line', async () => {
    const session = open(sim('--words', '3000', '--delay', '5'));
    session.send('go on');
    for (let i = 0; i < 300; i++) {
      const last = session.view.messages.at(-1);
      if (last?.role === 'assistant' && (last.blocks[0]?.text.length ?? 0) > 50) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Stand-in for kill -9 of Sluice: take the journal as it is now, plus half a record.
    const copy = join(harness.dir, 'copy.ndjson');
    writeFileSync(copy, readFileSync(session.journalPath));
    appendFileSync(copy, '{"dir":"out","raw":"{\\"type\\":\\"stream_');
    const restored = replayJournal(copy, 'copy');
    expect(restored.tornTail).toBe(true);
    expect(restored.view.turns.at(-1)).toMatchObject({ status: 'failed', error: { code: 'agent-crashed' } });
    const partial = restored.view.messages.at(-1);
    expect(partial?.role === 'assistant' && partial.status).toBe('failed');
    expect(partial?.role === 'assistant' && (partial.blocks[0]?.text.length ?? 0)).toBeGreaterThan(50);
  });

  it('restores a turn whose agent could not start with the live error: agent-spawn-failed, same message', async () => {
    const session = open({ ...sim(), command: join(harness.dir, 'no-such-agent') });
    const turn = await session.turnEnded(session.send('hi').turnId);
    await session.close();
    const restored = replayJournal(session.journalPath, 's');
    expect(restored.view.turns.at(-1)?.error).toMatchObject({ code: 'agent-spawn-failed', message: turn.error?.message });
  });

  it('reopens a restored session: the conversation is back, and the next prompt starts the agent', async () => {
    const first = open(sim('--delay', '1'));
    await first.turnEnded(first.send('hi').turnId);
    await first.close();
    const restored = new Session({ id: 's', launch: sim('--delay', '1'), journalPath: first.journalPath, clock: systemClock, restored: replayJournal(first.journalPath, 's') });
    harness.adopt(restored);
    expect(restored.view.agentState).toBe('exited');
    expect(visible(restored.view)).toEqual(visible(first.view));
    const next = restored.send('/sim words=5\nagain');
    expect(next.turnId).toBe('turn-2');
    expect((await restored.turnEnded(next.turnId)).status).toBe('completed');
    const events = readFileSync(first.journalPath, 'utf8').split('\n').filter((line) => line.includes('"dir":"event"')).map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events.filter((event) => event === 'restored')).toHaveLength(1);
    expect(events.filter((event) => event === 'spawn')).toHaveLength(2);
  });
});

describe('replayJournal: settings', () => {
  const record = (fields: Record<string, unknown>, seq: number): string => `${JSON.stringify({ dir: 'event', ...fields, seq, t: 1 })}\n`;

  it('gives the settings of the last spawn, then of a later live change', () => {
    const path = join(harness.dir, 'settings.ndjson');
    writeFileSync(
      path,
      record({ event: 'spawn', cwd: '/work/a', args: [], settings: { cwd: '/work/a', model: 'sonnet', permissionMode: 'plan' } }, 1) +
        record({ event: 'settings', settings: { cwd: '/work/a', model: 'opus', permissionMode: 'plan' } }, 2),
    );
    const restored = replayJournal(path, 'settings');
    expect(restored.settings).toEqual({ cwd: '/work/a', model: 'opus', permissionMode: 'plan' });
    expect(restored.view.settings).toEqual(restored.settings);
  });

  it('reads a journal from before settings: the working directory its agent was spawned in', () => {
    const path = join(harness.dir, 'old.ndjson');
    writeFileSync(path, record({ event: 'spawn', sessionId: 'old', agent: { kind: 'claude', label: 'Claude Code', commandLine: 'claude' }, command: 'claude', args: [], cwd: '/work/old' }, 1));
    expect(replayJournal(path, 'old').settings).toEqual({ cwd: '/work/old' });
  });

  it('leaves out recorded values that would not pass today\'s checks', () => {
    const path = join(harness.dir, 'odd.ndjson');
    writeFileSync(path, record({ event: 'spawn', args: [], settings: { cwd: 'relative/dir', model: '--print', permissionMode: 'yolo' } }, 1));
    expect(replayJournal(path, 'odd').settings).toEqual({});
  });
});

describe('replayJournal after kill -9', () => {
  it('restores every line that reached the journal when Sluice itself is killed mid-stream', async () => {
    const { spawn } = await import('node:child_process');
    const dataDir = join(harness.dir, 'data');
    const cli = join(import.meta.dirname, '..', '..', 'cli', 'main.ts');
    const sluice = spawn(process.execPath, ['--import', 'tsx', cli, 'run', '--agent', 'sim', '--sim-args=--words 3000 --delay 5', '--prompt', 'go on'], {
      env: { ...process.env, SLUICE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let printed = '';
    sluice.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    for (let i = 0; i < 400 && printed.length < 200; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    sluice.kill('SIGKILL');
    await new Promise((resolve) => sluice.once('exit', resolve));

    const { readdirSync } = await import('node:fs');
    const file = readdirSync(join(dataDir, 'sessions')).find((name) => name.endsWith('.ndjson')) as string;
    const path = join(dataDir, 'sessions', file);
    const journaled = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{"dir":"out"') && line.endsWith('}'))
      .map((line) => JSON.parse(line) as { raw: string })
      .map((record) => JSON.parse(record.raw) as { type: string; event?: { delta?: { type?: string; text?: string } } })
      .filter((message) => message.type === 'stream_event' && message.event?.delta?.type === 'text_delta')
      .map((message) => message.event?.delta?.text ?? '')
      .join('');
    const restored = replayJournal(path, 'killed');
    const partial = restored.view.messages.find((message) => message.role === 'assistant');
    expect(printed.length).toBeGreaterThanOrEqual(200);
    expect(partial?.role === 'assistant' && partial.blocks[0]?.text).toBe(journaled);
    expect(journaled.startsWith(printed.slice(0, 200))).toBe(true);
    expect(restored.view.turns[0]).toMatchObject({ status: 'failed', error: { code: 'agent-crashed' } });
  });
});
