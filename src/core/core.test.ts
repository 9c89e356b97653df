import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulatorFromSource } from './agent/simulator-launch.test-support';
import { createCore, type SluiceCore } from './core';

let dataDir: string;
const cores: SluiceCore[] = [];
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-core-'));
});
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

function core(pickFolder?: () => Promise<string | null>): SluiceCore {
  const created = createCore({ dataDir, launch: simulatorFromSource('--delay', '1'), transport: 'web', version: '0', pickFolder });
  cores.push(created);
  return created;
}

describe('createCore: session settings', () => {
  it('tells a view the host folder a new session gets by default', async () => {
    expect((await core().hello()).sessionDefaults).toEqual({ cwd: process.cwd() });
  });

  it('refuses pickFolder with unsupported where no picker was injected (the web host)', async () => {
    await expect(core().pickFolder()).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('answers pickFolder with the injected picker, null when the person cancelled', async () => {
    expect(await core(async () => '/home/me/project').pickFolder()).toEqual({ path: '/home/me/project' });
    expect(await core(async () => null).pickFolder()).toEqual({ path: null });
  });

  it('starts a new session with its settings and shows them in its view', async () => {
    const subject = core();
    const { id } = await subject.newSession({ cwd: dataDir, permissionMode: 'acceptEdits' });
    expect(subject.session.id).toBe(id);
    expect(subject.session.view.settings).toEqual({ cwd: dataDir, permissionMode: 'acceptEdits' });
  });
});
