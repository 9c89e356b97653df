import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess } from './agent-process';
import type { AgentLaunch } from './agent-launch';

const noop = () => undefined;
const handlers = { onSpawn: noop, onStdout: noop, onStdoutEnd: noop, onExit: noop };

function launch(command: string, cwd: string): AgentLaunch {
  return { info: { kind: 'custom', label: 'Test', commandLine: command }, command, args: [], cwd, env: process.env };
}

describe('AgentProcess spawn failures', () => {
  it('says the working directory is gone, not that the program is missing', async () => {
    const gone = mkdtempSync(join(tmpdir(), 'sluice-gone-'));
    rmSync(gone, { recursive: true });
    const status = await new AgentProcess(launch(process.execPath, gone), handlers).exited;
    expect(status.spawnError).toBe(`its working directory ${gone} does not exist (any more); start a new session in an existing folder`);
  });

  it('passes on the system’s reason when the program itself is missing', async () => {
    const status = await new AgentProcess(launch('/no/such/agent-program', tmpdir()), handlers).exited;
    expect(status.spawnError).toMatch(/ENOENT/);
  });
});
