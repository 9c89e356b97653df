import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ViewEvent } from '../../shared/protocol';
import type { AgentLaunch } from '../agent/agent-launch';
import { systemClock } from '../clock';
import { SessionRegistry } from './session-registry';

const simScript = join(import.meta.dirname, '..', '..', 'agents', 'sim', 'main.ts');
const launch: AgentLaunch = {
  info: { kind: 'sim', label: 'Simulator', commandLine: 'sim' },
  command: process.execPath,
  args: ['--import', 'tsx', simScript, '--delay', '1'],
  cwd: process.cwd(),
  env: process.env,
};
/**
 * The simulator standing in for claude (same flags, and it echoes them in system/init): tsx by
 * absolute path, since the agent runs in the session's own folder.
 */
const tsxLoader = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs');
const claudeLike: AgentLaunch = { ...launch, info: { kind: 'claude', label: 'Claude Code', commandLine: 'claude' }, args: ['--import', tsxLoader, simScript, '--delay', '1'] };

interface SpawnRecord {
  event: string;
  args: string[];
  cwd: string;
  settings: unknown;
}

function spawnRecords(journalPath: string): SpawnRecord[] {
  return readFileSync(journalPath, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"event":"spawn"'))
    .map((line) => JSON.parse(line) as SpawnRecord);
}

let dataDir: string;
const registries: SessionRegistry[] = [];
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-registry-'));
});
afterEach(async () => {
  await Promise.all(registries.map((registry) => registry.closeAll()));
  registries.length = 0;
  rmSync(dataDir, { recursive: true, force: true });
});

function registry(agent: AgentLaunch = launch): SessionRegistry {
  const created = new SessionRegistry({ dataDir, launch: agent, clock: systemClock });
  registries.push(created);
  return created;
}

describe('SessionRegistry', () => {
  it('lists a past session by its first prompt and restores it with its conversation', async () => {
    const before = registry();
    const { turnId } = before.active.send('What is a sluice gate?');
    await before.active.turnEnded(turnId);
    const pastId = before.active.id;
    await before.closeAll();

    const after = registry();
    const listed = after.list();
    expect(listed.find((entry) => entry.id === pastId)).toMatchObject({ title: 'What is a sluice gate?', live: false, active: false });
    const restored = after.open(pastId);
    expect(restored.view.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(after.list().find((entry) => entry.id === pastId)).toMatchObject({ live: true, active: true });
  });

  it('moves every view to the opened session with a snapshot, and tells it the list', async () => {
    const subject = registry();
    const first = subject.active;
    const events: ViewEvent[] = [];
    subject.subscribe((event) => events.push(event));
    const second = subject.create();
    expect(second).not.toBe(first);
    const afterSwitch = events.slice(1);
    expect(afterSwitch.find((event) => event.kind === 'snapshot')).toMatchObject({ session: { id: second.id } });
    expect(afterSwitch.find((event) => event.kind === 'sessions')).toMatchObject({ activeId: second.id });
    subject.open(first.id);
    expect(subject.active).toBe(first);
  });

  it('keeps a session streaming while another is shown', async () => {
    const subject = registry();
    const streaming = subject.active;
    const { turnId } = streaming.send('/sim words=200 delay=5\nkeep going');
    subject.create();
    expect((await streaming.turnEnded(turnId)).status).toBe('completed');
  });

  it('refuses to open an id that is not a journal of this folder', () => {
    const subject = registry();
    expect(() => subject.open('../../etc/passwd')).toThrow(expect.objectContaining({ code: 'invalid-request' }));
    expect(() => subject.open('nope')).toThrow(expect.objectContaining({ code: 'invalid-request' }));
  });

  it('removes a spill file a crash left behind, and nothing else, when it starts', () => {
    const sessions = join(dataDir, 'sessions');
    mkdirSync(sessions, { recursive: true });
    writeFileSync(join(sessions, 'old.spill'), 'moved-out text');
    writeFileSync(join(sessions, 'old.ndjson'), '');
    registry();
    expect(existsSync(join(sessions, 'old.spill'))).toBe(false);
    expect(existsSync(join(sessions, 'old.ndjson'))).toBe(true);
  });
});

describe('SessionRegistry: settings', () => {
  function project(): string {
    const folder = join(dataDir, 'project');
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  it('starts claude with exactly --model and --permission-mode, in the chosen folder', async () => {
    const subject = registry(claudeLike);
    const cwd = project();
    const session = subject.create({ cwd, model: 'sonnet', permissionMode: 'plan' });
    await session.turnEnded(session.send('hi').turnId);
    const [spawn] = spawnRecords(session.journalPath);
    expect(spawn?.args).toEqual([...claudeLike.args, '--model', 'sonnet', '--permission-mode', 'plan']);
    expect(spawn?.cwd).toBe(cwd);
    // What the agent itself reported in system/init, and what the view shows as the session's settings.
    expect(session.view).toMatchObject({ cwd, model: 'sonnet', permissionMode: 'plan', settings: { cwd, model: 'sonnet', permissionMode: 'plan' } });
  });

  it('starts a session with no settings in the host folder with no flags added', async () => {
    const subject = registry(claudeLike);
    const session = subject.create();
    expect(session.view.settings).toEqual({ cwd: claudeLike.cwd });
    await session.drained();
    expect(spawnRecords(session.journalPath)[0]?.args).toEqual(claudeLike.args);
  });

  it('starts nothing when a setting is refused', () => {
    const subject = registry();
    const before = subject.active;
    const listed = subject.list().length;
    expect(() => subject.create({ cwd: join(dataDir, 'missing') })).toThrow(expect.objectContaining({ code: 'invalid-request' }));
    expect(subject.active).toBe(before);
    expect(subject.list()).toHaveLength(listed);
  });

  it('restores a session with its settings: claude resumes in the same folder with the same flags', async () => {
    const cwd = project();
    const before = registry(claudeLike);
    const original = before.create({ cwd, model: 'opus', permissionMode: 'acceptEdits' });
    await original.turnEnded(original.send('first').turnId);
    const agentSessionId = original.view.agentSessionId;
    await before.closeAll();

    const after = registry(claudeLike);
    const restored = after.open(original.id);
    expect(restored.view.settings).toEqual({ cwd, model: 'opus', permissionMode: 'acceptEdits' });
    await restored.turnEnded(restored.send('second').turnId);
    const respawn = spawnRecords(restored.journalPath).at(-1);
    expect(respawn?.args).toEqual([...claudeLike.args, '--model', 'opus', '--permission-mode', 'acceptEdits', '--resume', agentSessionId]);
    expect(respawn?.cwd).toBe(cwd);
  });

  it('changes model and mode live, shows what the agent confirmed, and a restore keeps the change', async () => {
    const before = registry(claudeLike);
    const session = before.active;
    await session.turnEnded(session.send('hi').turnId);
    expect(await session.changeSettings({ model: 'haiku', permissionMode: 'plan' })).toEqual({ settings: { cwd: claudeLike.cwd, model: 'haiku', permissionMode: 'plan' } });
    expect(session.view).toMatchObject({ model: 'haiku', permissionMode: 'plan' });
    const sent = readFileSync(session.journalPath, 'utf8').split('\n').filter((line) => line.startsWith('{"dir":"in"') && line.includes('control_request'));
    expect(sent.map((line) => JSON.parse((JSON.parse(line) as { raw: string }).raw) as { request: unknown }).map((line) => line.request)).toEqual([
      { subtype: 'set_model', model: 'haiku' },
      { subtype: 'set_permission_mode', mode: 'plan' },
    ]);
    await before.closeAll();

    const restored = registry(claudeLike).open(session.id);
    expect(restored.view.settings).toEqual({ cwd: claudeLike.cwd, model: 'haiku', permissionMode: 'plan' });
  });

  it('records a change for the next start when no agent runs', async () => {
    const before = registry();
    const id = before.active.id;
    await before.active.turnEnded(before.active.send('hi').turnId);
    await before.closeAll();
    const restored = registry().open(id);
    expect(await restored.changeSettings({ model: 'opus' })).toEqual({ settings: { cwd: launch.cwd, model: 'opus' } });
    await restored.turnEnded(restored.send('again').turnId);
    expect(spawnRecords(restored.journalPath).at(-1)?.args).toEqual([...launch.args, '--model', 'opus']);
    expect(restored.view.model).toBe('opus');
  });
});
