import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAUDE_STREAM_ARGS, launchWithSettings, resolveAgentLaunch, splitCommandLine } from './agent-launch';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-launch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const base = () => ({ simScript: '/app/out/main/sim.js', cwd: dir, env: { PATH: join(dir, 'bin'), HOME: join(dir, 'home') }, projectDirs: [dir] });

function fakeClaude(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\necho fake\n');
  chmodSync(path, 0o755);
  return path;
}

describe('resolveAgentLaunch', () => {
  it('runs the simulator through Node when asked for sim', () => {
    const launch = resolveAgentLaunch({ ...base(), choice: 'sim' });
    expect(launch).toMatchObject({ command: process.execPath, args: ['/app/out/main/sim.js'], info: { kind: 'sim' } });
  });

  it('runs the simulator source through tsx in development', () => {
    const launch = resolveAgentLaunch({ ...base(), choice: 'sim', simScript: '/src/agents/sim/main.ts' });
    expect(launch.args).toEqual(['--import', 'tsx', '/src/agents/sim/main.ts']);
  });

  it('finds claude on PATH and runs it in stream-json mode with partial messages', () => {
    const claude = fakeClaude(join(dir, 'bin', 'claude'));
    const launch = resolveAgentLaunch({ ...base(), choice: 'claude' });
    expect(launch).toMatchObject({ command: claude, args: CLAUDE_STREAM_ARGS, info: { kind: 'claude' } });
  });

  it('falls back to the simulator on auto when no claude is found', () => {
    expect(resolveAgentLaunch({ ...base(), choice: 'auto' }).info.kind).toBe('sim');
  });

  it('fails with cli-not-found naming where it looked when claude is required', () => {
    expect(() => resolveAgentLaunch({ ...base(), choice: 'claude' })).toThrow(
      expect.objectContaining({ code: 'cli-not-found', detail: expect.stringContaining(join(dir, 'bin', 'claude')) }),
    );
  });

  it('fails with cli-not-found for an explicit path that is not an executable', () => {
    expect(() => resolveAgentLaunch({ ...base(), choice: 'claude', claudePath: join(dir, 'nope') })).toThrow(
      expect.objectContaining({ code: 'cli-not-found', message: expect.stringContaining(join(dir, 'nope')) }),
    );
  });

  it('prefers an explicit claude path over PATH', () => {
    fakeClaude(join(dir, 'bin', 'claude'));
    const mine = fakeClaude(join(dir, 'mine', 'claude'));
    expect(resolveAgentLaunch({ ...base(), choice: 'claude', claudePath: mine }).command).toBe(mine);
  });

  it('passes over a claude inside Sluice\'s own folder on auto, but takes it when claude is asked for', () => {
    const own = join(dir, 'sluice');
    const bundled = fakeClaude(join(own, 'node_modules', '.bin', 'claude'));
    const options = { ...base(), projectDirs: [own], ownDir: own };
    expect(resolveAgentLaunch({ ...options, choice: 'auto' }).info.kind).toBe('sim');
    expect(resolveAgentLaunch({ ...options, choice: 'claude' }).command).toBe(bundled);
  });

  it('runs a custom agent command split into argv, without a shell', () => {
    const launch = resolveAgentLaunch({ ...base(), choice: 'auto', agentCmd: 'node "my agent.js" --rate 5' });
    expect(launch).toMatchObject({ command: 'node', args: ['my agent.js', '--rate', '5'], info: { kind: 'custom' } });
  });
});

describe('launchWithSettings', () => {
  it('gives claude exactly --model and --permission-mode after its stream flags, and the spawn cwd', () => {
    fakeClaude(join(dir, 'bin', 'claude'));
    const host = resolveAgentLaunch({ ...base(), choice: 'claude' });
    const launch = launchWithSettings(host, { cwd: '/work/project', model: 'sonnet', permissionMode: 'plan' });
    expect(launch.args).toEqual([...CLAUDE_STREAM_ARGS, '--model', 'sonnet', '--permission-mode', 'plan']);
    expect(launch.cwd).toBe('/work/project');
    expect(launch.info.commandLine).toBe(`${host.info.commandLine} --model sonnet --permission-mode plan`);
  });

  it('adds no flag for a setting left out', () => {
    fakeClaude(join(dir, 'bin', 'claude'));
    const host = resolveAgentLaunch({ ...base(), choice: 'claude' });
    expect(launchWithSettings(host, { cwd: '/w' })).toEqual({ ...host, cwd: '/w' });
    expect(launchWithSettings(host, { cwd: '/w', permissionMode: 'acceptEdits' }).args).toEqual([...CLAUDE_STREAM_ARGS, '--permission-mode', 'acceptEdits']);
  });

  it('passes the same flags to the simulator, and only the cwd to a custom agent', () => {
    const sim = resolveAgentLaunch({ ...base(), choice: 'sim' });
    expect(launchWithSettings(sim, { cwd: '/w', model: 'opus' }).args).toEqual(['/app/out/main/sim.js', '--model', 'opus']);
    const custom = resolveAgentLaunch({ ...base(), choice: 'auto', agentCmd: 'my-agent --fast' });
    expect(launchWithSettings(custom, { cwd: '/w', model: 'opus', permissionMode: 'plan' })).toEqual({ ...custom, cwd: '/w' });
  });
});

describe('splitCommandLine', () => {
  it('keeps $VARIABLES literal instead of expanding them', () => {
    expect(splitCommandLine('agent --home $HOME')).toEqual(['agent', '--home', '$HOME']);
  });

  it('refuses shell syntax with invalid-agent-command', () => {
    for (const line of ['agent | tee x', 'agent > out', 'agent; rm -rf /', 'agent *']) {
      expect(() => splitCommandLine(line)).toThrow(expect.objectContaining({ code: 'invalid-agent-command' }));
    }
    expect(() => splitCommandLine('   ')).toThrow(expect.objectContaining({ code: 'invalid-agent-command' }));
  });
});
