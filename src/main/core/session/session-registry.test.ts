import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ViewEvent } from '../../../shared/protocol';
import type { AgentLaunch } from '../agent/agent-launch';
import { systemClock } from '../clock';
import { SessionRegistry } from './session-registry';

const simScript = join(import.meta.dirname, '..', '..', '..', 'agents', 'sim', 'main.ts');
const launch: AgentLaunch = {
  info: { kind: 'sim', label: 'Simulator', commandLine: 'sim' },
  command: process.execPath,
  args: ['--import', 'tsx', simScript, '--delay', '1'],
  cwd: process.cwd(),
  env: process.env,
};

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

function registry(): SessionRegistry {
  const created = new SessionRegistry({ dataDir, launch, clock: systemClock });
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
});
