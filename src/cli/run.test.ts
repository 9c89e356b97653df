import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunReport } from './run';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the real `sluice` command from source, as a user would run the built one. */
function sluice(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, SLUICE_DATA_DIR: dataDir, ...env },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function deltasInJournal(path: string): string {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { dir: string; raw?: string })
    .filter((record) => record.dir === 'out' && record.raw !== undefined)
    .map((record) => JSON.parse(record.raw as string) as { type: string; event?: { delta?: { type?: string; text?: string } } })
    .filter((message) => message.type === 'stream_event' && message.event?.delta?.type === 'text_delta')
    .map((message) => message.event?.delta?.text ?? '')
    .join('');
}

describe('sluice run --json', () => {
  it('prints exactly one JSON object for a completed simulator turn and exits 0', () => {
    const { code, stdout } = sluice(['run', '--agent', 'sim', '--prompt', 'hi', '--json']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout) as RunReport;
    expect(report).toMatchObject({ status: 'completed', parseErrors: 0, exitCode: 0, error: null });
    expect(report.assistantText).toContain('simulator');
    expect(report.messages).toBeGreaterThan(10);
    expect(report.bytes).toBeGreaterThan(1000);
    expect(deltasInJournal(report.journal as string)).toBe(report.assistantText);
  });

  it('reports cli-not-found, naming the path, when the given claude does not exist, exiting 1', () => {
    const missing = join(dataDir, 'no-such-claude');
    const { code, stdout } = sluice(['run', '--agent', 'claude', '--claude-path', missing, '--prompt', 'hi', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as RunReport;
    expect(report.status).toBe('failed');
    expect(report.error?.code).toBe('cli-not-found');
    expect(report.error?.message).toContain(missing);
  });

  it('fails with the exit code and stderr tail when a custom agent dies mid-turn, keeping its partial text', () => {
    const script = join(import.meta.dirname, '..', 'agents', 'sim', 'main.ts');
    const { code, stdout } = sluice(['run', '--agent-cmd', `${process.execPath} --import tsx ${script} --delay 1 --crash-after 5`, '--prompt', 'hi', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as RunReport;
    expect(report).toMatchObject({ status: 'failed', exitCode: 3, error: { code: 'agent-crashed' } });
    expect(report.error?.detail).toContain('simulated crash');
    expect(report.assistantText.length).toBeGreaterThan(0);
    expect(deltasInJournal(report.journal as string)).toBe(report.assistantText);
  });

  it('streams the reply as plain text without --json', () => {
    const { code, stdout } = sluice(['run', '--agent', 'sim', '--prompt', 'hi']);
    expect(code).toBe(0);
    expect(stdout).toContain("I'm the Sluice simulator");
  });

  it('explains usage errors and exits 2', () => {
    const { code, stderr } = sluice(['run', '--agent', 'gpt']);
    expect(code).toBe(2);
    expect(stderr).toContain('--agent must be auto, sim or claude');
  });
});

describe('sluice run interrupts', () => {
  it('stops the turn after --interrupt-after-ms and reports interrupted with the partial text', () => {
    const { code, stdout } = sluice(['run', '--agent', 'sim', '--sim-args=--words 3000 --delay 10', '--prompt', 'go', '--interrupt-after-ms', '2500', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as RunReport;
    expect(report.status).toBe('interrupted');
    expect(report.assistantText.length).toBeGreaterThan(0);
    expect(deltasInJournal(report.journal as string).startsWith(report.assistantText)).toBe(true);
  });

  it('stops the turn on Ctrl+C (SIGINT) the same way', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), 'run', '--agent', 'sim', '--sim-args=--words 3000 --delay 10', '--prompt', 'go', '--json'], {
      env: { ...process.env, SLUICE_DATA_DIR: dataDir },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as RunReport).status).toBe('interrupted');
  });
});
