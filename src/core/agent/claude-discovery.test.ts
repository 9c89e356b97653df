import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeVersion, findClaude, loginShellPath, type ClaudeSearch } from './claude-discovery';

/** The placeholder `bin/claude.exe` of @anthropic-ai/claude-code 2.1.197 as published (500 bytes). */
const NPM_STUB = `echo "Error: claude native binary not installed." >&2
echo "" >&2
echo "Either postinstall did not run (--ignore-scripts, some pnpm configs)" >&2
echo "or the platform-native optional dependency was not downloaded" >&2
echo "(--omit=optional)." >&2
echo "" >&2
echo "Run the postinstall manually (adjust path for local vs global install):" >&2
echo "  node node_modules/@anthropic-ai/claude-code/install.cjs" >&2
echo "" >&2
echo "Or reinstall without --ignore-scripts / --omit=optional." >&2
exit 1
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-discovery-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function script(path: string, body: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, body);
  chmodSync(path, 0o755);
  return path;
}

const fakeClaude = (path: string): string => script(path, '#!/bin/sh\necho "2.1.197 (Claude Code)"\n');

/**
 * A stand-in for the person's shell: as a login shell its profile puts `dir` first on PATH,
 * then it runs the `-c` command. Each run is counted in `<shell>.runs`.
 */
function fakeLoginShell(name: string, addedDir: string): string {
  const shell = join(dir, 'shells', name);
  return script(shell, `#!/bin/sh\necho run >> "${shell}.runs"\necho "Welcome to a chatty profile"\nPATH="${addedDir}:$PATH" exec /bin/sh -c "$2"\n`);
}

function search(env: NodeJS.ProcessEnv, extra: Partial<ClaudeSearch> = {}): ClaudeSearch {
  return { env: { PATH: join(dir, 'path-bin'), HOME: join(dir, 'home'), ...env }, projectDirs: [join(dir, 'project')], ...extra };
}

/** Alive and not a zombie (an orphan may wait a while for a reaper that never comes). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function detailOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { detail?: string }).detail ?? '';
  }
  throw new Error('expected cli-not-found');
}

describe('findClaude and the login shell', () => {
  it('finds a claude that only the login shell’s PATH reaches, before the common locations', () => {
    const claude = fakeClaude(join(dir, 'nvm', 'bin', 'claude'));
    fakeClaude(join(dir, 'home', '.local', 'bin', 'claude'));
    const shell = fakeLoginShell('zsh', join(dir, 'nvm', 'bin'));
    expect(findClaude(search({ SHELL: shell }))).toBe(claude);
  });

  it('prefers PATH and then does not ask the login shell at all', () => {
    const onPath = fakeClaude(join(dir, 'path-bin', 'claude'));
    fakeClaude(join(dir, 'nvm', 'bin', 'claude'));
    const shell = fakeLoginShell('bash', join(dir, 'nvm', 'bin'));
    expect(findClaude(search({ SHELL: shell }))).toBe(onPath);
    expect(() => readFileSync(`${shell}.runs`)).toThrow();
  });

  it('asks each login shell once per process and reuses its answer', () => {
    const shell = fakeLoginShell('fish', join(dir, 'nvm', 'bin'));
    expect(loginShellPath({ SHELL: shell, PATH: '/usr/bin:/bin' })).toEqual({ path: `${join(dir, 'nvm', 'bin')}:/usr/bin:/bin` });
    loginShellPath({ SHELL: shell, PATH: '/usr/bin:/bin' });
    detailOf(() => findClaude(search({ SHELL: shell })));
    expect(readFileSync(`${shell}.runs`, 'utf8')).toBe('run\n');
  });

  it('gives up on a login shell that hangs, within the timeout, and says so in where it looked', () => {
    const shell = script(join(dir, 'shells', 'hangs'), '#!/bin/sh\nexec /bin/sleep 30\n');
    const startedAt = Date.now();
    const detail = detailOf(() => findClaude(search({ SHELL: shell }, { loginShellTimeoutMs: 300 })));
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(detail).toContain(`login shell PATH not used: ${shell} took longer than 300 ms`);
  });

  it('carries on past a login shell that fails, is missing or is not set', () => {
    const fails = script(join(dir, 'shells', 'fails'), '#!/bin/sh\nexit 1\n');
    expect(loginShellPath({ SHELL: fails })).toEqual({ path: null, reason: `${fails} printed no PATH (exit 1)` });
    expect(loginShellPath({ SHELL: join(dir, 'no-such-shell') })).toMatchObject({ path: null, reason: expect.stringContaining('could not be run') });
    expect(loginShellPath({})).toMatchObject({ path: null });
    const project = fakeClaude(join(dir, 'project', 'node_modules', '.bin', 'claude'));
    expect(findClaude(search({ SHELL: fails }))).toBe(project);
  });
});

describe('findClaude and the npm placeholder', () => {
  it('skips the placeholder for a real CLI further down the list', () => {
    const stub = script(join(dir, 'path-bin', 'claude'), NPM_STUB);
    const real = fakeClaude(join(dir, 'project', 'node_modules', '.bin', 'claude'));
    expect(readFileSync(stub).length).toBe(500);
    expect(findClaude(search({}))).toBe(real);
  });

  it('lists a skipped placeholder with the reason and the fix', () => {
    const stub = script(join(dir, 'project', 'node_modules', '.bin', 'claude'), NPM_STUB);
    const detail = detailOf(() => findClaude(search({})));
    expect(detail).toContain(`${stub} (skipped: the npm placeholder, not the CLI.`);
    expect(detail).toContain('install.cjs');
  });

  it('refuses an explicit path to the placeholder, naming it', () => {
    const stub = script(join(dir, 'stub', 'claude.exe'), NPM_STUB);
    expect(() => findClaude(search({}, { explicitPath: stub }))).toThrow(
      expect.objectContaining({ code: 'cli-not-found', message: `${stub} is the npm package's placeholder, not the claude CLI.` }),
    );
  });
});

describe('claudeVersion', () => {
  it('reads the version number from `--version`', async () => {
    expect(await claudeVersion(fakeClaude(join(dir, 'bin', 'claude')))).toBe('2.1.197');
  });

  it('is null for a CLI that fails, prints no version, or is missing', async () => {
    expect(await claudeVersion(script(join(dir, 'bin', 'stub'), NPM_STUB))).toBeNull();
    expect(await claudeVersion(script(join(dir, 'bin', 'chatty'), '#!/bin/sh\necho hello\n'))).toBeNull();
    expect(await claudeVersion(join(dir, 'bin', 'missing'))).toBeNull();
  });

  it('is null, in time, for a CLI that does not answer, and leaves no process behind', async () => {
    const pidFile = join(dir, 'sleeper.pid');
    const slow = script(join(dir, 'bin', 'slow'), `#!/bin/sh\nsleep 30 &\necho $! > "${pidFile}"\nwait\n`);
    const startedAt = Date.now();
    expect(await claudeVersion(slow, { timeoutMs: 300 })).toBeNull();
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isRunning(sleeper)).toBe(false);
  });
});
