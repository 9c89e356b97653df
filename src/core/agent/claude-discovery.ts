/**
 * Finds the `claude` CLI the way a terminal would, and says where it looked when it cannot.
 *
 * Order: an explicit path (`--claude-path`, settings), `SLUICE_CLAUDE_PATH`, every directory of
 * PATH, every directory of the user's login-shell PATH, the common install locations, then a
 * `claude` installed in node_modules next to the working directory or the app. The first
 * executable file that is not the npm placeholder wins.
 *
 * Why the login shell: an app started from a desktop launcher inherits a minimal PATH, while
 * the person installed `claude` somewhere their shell profile adds (nvm, ~/.local/bin, …). So,
 * only when PATH had no CLI, Sluice asks `$SHELL -lic` once for its PATH.
 *
 * Invariants:
 * - Failure is a `cli-not-found` SluiceError whose detail lists every place tried (with a
 *   note for each place skipped and for a login shell that gave no PATH) and how to point
 *   Sluice at a CLI; it never claims "not installed" for other failures.
 * - The login shell is asked at most once per shell per process (the answer, or the failure,
 *   is cached), in its own session (it cannot grab Sluice's terminal), bounded by
 *   `LOGIN_SHELL_TIMEOUT_MS`; its stdout goes to a file, so a background job started by a
 *   profile cannot hold the lookup open. Any failure only means "no extra directories".
 * - The npm package's placeholder (`bin/claude.exe`, a ~500-byte sh script that says "claude
 *   native binary not installed") is never chosen: it is skipped with a note saying why.
 * - `claudeVersion` never throws and never waits longer than its timeout; the process group
 *   of a CLI that does not answer in time is killed.
 */

import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { accessSync, closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { SluiceError, agentError } from '../../shared/agent-error';

/** How long the login shell may take to print its PATH (heavy profiles take a second or two). */
export const LOGIN_SHELL_TIMEOUT_MS = 3_000;
/** How long `claude --version` may take. */
export const VERSION_TIMEOUT_MS = 5_000;
/** The npm placeholder is 500 bytes; the real CLI is hundreds of megabytes. */
const NPM_STUB_MAX_BYTES = 4_096;
const NPM_STUB_SIGNATURE = 'native binary not installed';
/** Frames the PATH in the login shell's output, which profiles may litter with their own text. */
const PATH_MARK = '__SLUICE_LOGIN_PATH__';
/** Bounds what is read of the login shell's output and of `--version`'s. */
const OUTPUT_MAX_BYTES = 64 * 1024;

export interface ClaudeSearch {
  explicitPath?: string;
  env: NodeJS.ProcessEnv;
  /** Directories whose node_modules/.bin may hold a project-local CLI. */
  projectDirs: string[];
  /** Overrides `LOGIN_SHELL_TIMEOUT_MS` (tests). */
  loginShellTimeoutMs?: number;
  /** Folders whose CLIs are passed over (noted in the where-we-looked list). */
  skipDirs?: string[];
}

export type LoginShellPath = { path: string } | { path: null; reason: string };

/** A place to look, or a remark for the where-we-looked list. */
type Candidate = { path: string } | { note: string };

export function findClaude(search: ClaudeSearch): string {
  if (search.explicitPath) {
    const explicit = resolve(search.explicitPath);
    const found = inspect(explicit);
    if (found === 'executable') return explicit;
    throw new SluiceError(
      found === 'npm-stub'
        ? agentError('cli-not-found', `${explicit} is the npm package's placeholder, not the claude CLI.`, NPM_STUB_HELP)
        : agentError('cli-not-found', `No executable claude CLI at ${explicit}.`, 'Check the path given with --claude-path (or in settings).'),
    );
  }
  const looked: string[] = [];
  for (const candidate of candidates(search)) {
    if ('note' in candidate) {
      looked.push(candidate.note);
      continue;
    }
    const skippedBy = search.skipDirs?.find((dir) => candidate.path.startsWith(`${resolve(dir)}/`));
    if (skippedBy !== undefined) {
      looked.push(`${candidate.path} (passed over: inside ${skippedBy})`);
      continue;
    }
    const found = inspect(candidate.path);
    if (found === 'executable') return candidate.path;
    looked.push(found === 'npm-stub' ? `${candidate.path} (skipped: the npm placeholder, not the CLI. ${NPM_STUB_HELP})` : candidate.path);
  }
  throw new SluiceError(
    agentError(
      'cli-not-found',
      'The claude CLI was not found. Install it (npm install -g @anthropic-ai/claude-code) or point Sluice at it with --claude-path or SLUICE_CLAUDE_PATH.',
      `Looked in:\n${looked.join('\n')}`,
    ),
  );
}

const NPM_STUB_HELP =
  "Its postinstall did not put the native binary in place: run `node node_modules/@anthropic-ai/claude-code/install.cjs`, or reinstall without --ignore-scripts / --omit=optional.";

/** Lazily, so the login shell is only asked when PATH had no CLI. Paths are not repeated. */
function* candidates(search: ClaudeSearch): Generator<Candidate> {
  const exe = process.platform === 'win32' ? 'claude.exe' : 'claude';
  const home = search.env.HOME ?? homedir();
  const seen = new Set<string>();
  function* each(paths: string[]): Generator<Candidate> {
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      yield { path };
    }
  }
  const inDirs = (pathList: string): string[] => pathList.split(delimiter).flatMap((dir) => (dir ? [join(dir, exe)] : []));

  if (search.explicitPath) yield* each([resolve(search.explicitPath)]);
  if (search.env.SLUICE_CLAUDE_PATH) yield* each([resolve(search.env.SLUICE_CLAUDE_PATH)]);
  yield* each(inDirs(search.env.PATH ?? ''));
  const login = loginShellPath(search.env, search.loginShellTimeoutMs);
  if (login.path === null) yield { note: `(login shell PATH not used: ${login.reason})` };
  else yield* each(inDirs(login.path));
  yield* each([
    join(home, '.claude', 'local', exe),
    join(home, '.local', 'bin', exe),
    join(home, '.npm-global', 'bin', exe),
    '/usr/local/bin/claude',
    '/opt/homebrew/bin/claude',
  ]);
  yield* each(search.projectDirs.map((dir) => join(dir, 'node_modules', '.bin', exe)));
}

function inspect(path: string): 'executable' | 'npm-stub' | 'missing' {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return 'missing';
    if (stat.size <= NPM_STUB_MAX_BYTES && readFileSync(path, 'utf8').includes(NPM_STUB_SIGNATURE)) return 'npm-stub';
    accessSync(path, constants.X_OK);
    return 'executable';
  } catch {
    return 'missing';
  }
}

const loginShellPaths = new Map<string, LoginShellPath>();

/**
 * The PATH of `env.SHELL` as a login, interactive shell (what a terminal window has), asked once
 * per shell per process.
 */
export function loginShellPath(env: NodeJS.ProcessEnv, timeoutMs = LOGIN_SHELL_TIMEOUT_MS): LoginShellPath {
  if (process.platform === 'win32') return { path: null, reason: 'not used on Windows' };
  const shell = env.SHELL;
  if (!shell || !isAbsolute(shell)) return { path: null, reason: 'SHELL is not set to an absolute path' };
  const cached = loginShellPaths.get(shell);
  if (cached) return cached;
  const answer = askLoginShell(shell, env, timeoutMs);
  loginShellPaths.set(shell, answer);
  return answer;
}

function askLoginShell(shell: string, env: NodeJS.ProcessEnv, timeoutMs: number): LoginShellPath {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-login-shell-'));
  const outPath = join(dir, 'stdout');
  const out = openSync(outPath, 'w+');
  try {
    // `detached` (a new session, so an interactive shell finds no terminal to take over) is
    // honoured by spawnSync but missing from its type.
    const options: SpawnSyncOptions & { detached: boolean } = {
      env,
      stdio: ['ignore', out, 'ignore'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      detached: true,
      windowsHide: true,
    };
    const result = spawnSync(shell, ['-lic', `printf '%s' "${PATH_MARK}\${PATH}${PATH_MARK}"`], options);
    if (result.error) {
      const code = (result.error as NodeJS.ErrnoException).code;
      return { path: null, reason: code === 'ETIMEDOUT' ? `${shell} took longer than ${timeoutMs} ms` : `${shell} could not be run (${result.error.message})` };
    }
    const buffer = Buffer.alloc(OUTPUT_MAX_BYTES);
    const text = buffer.subarray(0, readSync(out, buffer, 0, OUTPUT_MAX_BYTES, 0)).toString('utf8');
    const path = new RegExp(`${PATH_MARK}(.*?)${PATH_MARK}`, 's').exec(text)?.[1];
    if (!path) return { path: null, reason: `${shell} printed no PATH (exit ${result.status ?? result.signal})` };
    return { path };
  } finally {
    closeSync(out);
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface VersionOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * The version `<path> --version` reports (`2.1.197` from `2.1.197 (Claude Code)`), or null when
 * it cannot be run, fails, prints no version or does not answer within the timeout.
 */
export function claudeVersion(path: string, options: VersionOptions = {}): Promise<string | null> {
  const detached = process.platform !== 'win32';
  let child: ChildProcess;
  try {
    child = spawn(path, ['--version'], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'ignore'], detached, windowsHide: true, shell: false });
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(detached ? -child.pid : child.pid, 'SIGKILL');
      } catch {
        // It exited meanwhile.
      }
      settle(null);
    }, options.timeoutMs ?? VERSION_TIMEOUT_MS);
    let settled = false;
    function settle(version: string | null): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(version);
    }
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdout.length < OUTPUT_MAX_BYTES) stdout += chunk.toString('utf8');
    });
    child.once('error', () => settle(null));
    child.once('close', (code) => settle(code === 0 ? (/^\s*v?(\d+\.\d+\.\d+\S*)/.exec(stdout)?.[1] ?? null) : null));
  });
}
