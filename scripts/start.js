#!/usr/bin/env node
/**
 * `npm start`: opens Sluice in Electron when its binary is here, else in the browser through the
 * loopback web host (`sluice serve`), so the command always gives a working UI.
 *
 * Invariants:
 * - Plain Node, built-ins only: it must run before anything is built or downloaded.
 * - The Electron binary is fetched at most once per start, by Electron's own installer, bounded
 *   by DOWNLOAD_TIMEOUT_MS; its noise is swallowed and replaced by one line saying what happens.
 * - The child's exit code becomes ours (128 + signal number when it died of a signal).
 * - SIGINT/SIGTERM/SIGHUP reach the child exactly once: the child runs in its own process group
 *   (POSIX), so a terminal's Ctrl+C reaches it only through us, and a repeat of the same signal
 *   within DUPLICATE_SIGNAL_MS (npm forwards the Ctrl+C the terminal also sent us) is dropped.
 *   A second delivery could kill the web host mid-shutdown and orphan the agent.
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(join(root, 'package.json'));
const forwardedArgs = process.argv.slice(2);

/** Electron's installer fails in well under a second offline; a real download takes longer. */
const DOWNLOAD_TIMEOUT_MS = 60_000;
/** Only after this long does a still-running download get its own progress line. */
const DOWNLOAD_NOTICE_AFTER_MS = 2_000;
const DUPLICATE_SIGNAL_MS = 500;
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const NO_ELECTRON_LINE =
  'Electron is not available on this machine (its binary could not be downloaded), so Sluice is opening its web UI instead:';
const NO_DISPLAY_LINE =
  'No display is available (DISPLAY and WAYLAND_DISPLAY are unset), so Sluice is opening its web UI instead of a window:';

/** The binary's path, or undefined. `require('electron')` throws when dist/ or path.txt is missing. */
function electronBinary() {
  try {
    const id = requireFromRoot.resolve('electron');
    // A failed or earlier attempt must not answer for the one after a download.
    delete requireFromRoot.cache[id];
    const path = requireFromRoot('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function electronInstaller() {
  try {
    const installer = join(dirname(requireFromRoot.resolve('electron/package.json')), 'install.js');
    return existsSync(installer) ? installer : undefined;
  } catch {
    return undefined;
  }
}

/** Runs Electron's own downloader once; resolves when it is done, failed or timed out. */
function tryDownloadElectron() {
  const installer = electronInstaller();
  if (installer === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { cwd: dirname(installer), stdio: 'ignore', timeout: DOWNLOAD_TIMEOUT_MS });
    const notice = setTimeout(() => {
      process.stderr.write(`Fetching the Electron binary (giving up after ${DOWNLOAD_TIMEOUT_MS / 1000} s)...\n`);
    }, DOWNLOAD_NOTICE_AFTER_MS);
    const done = () => {
      clearTimeout(notice);
      resolve();
    };
    child.once('error', done);
    child.once('exit', done);
  });
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Builds with `npm run build` when `out/main/<entry>` is missing; false if that failed. */
function ensureBuilt(entry) {
  if (existsSync(join(root, 'out', 'main', entry))) return true;
  process.stderr.write('Sluice is not built yet; running `npm run build` first...\n');
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli && /\.[cm]?js$/.test(npmCli)
      ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
      : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status === 0 && existsSync(join(root, 'out', 'main', entry))) return true;
  process.stderr.write(`The build failed; run \`npm run build\` in ${root}, fix what it reports, then \`npm start\` again.\n`);
  return false;
}

function run(command, args, env) {
  const child = spawn(command, args, {
    cwd: root,
    env,
    stdio: 'inherit',
    // Own process group, so signals arrive once, through forwardSignals. (On Windows this would
    // open a new console instead, and Ctrl+C reaches every process of the console anyway.)
    detached: process.platform !== 'win32',
  });
  const running = () => child.exitCode === null && child.signalCode === null;

  let last = { signal: '', at: 0 };
  for (const signal of FORWARDED_SIGNALS) {
    process.on(signal, () => {
      const now = Date.now();
      if (signal === last.signal && now - last.at < DUPLICATE_SIGNAL_MS) return;
      last = { signal, at: now };
      if (process.platform === 'win32' && signal === 'SIGINT') return;
      if (running()) child.kill(signal);
    });
  }
  // Should this script die of anything else, the detached child must not be left behind.
  process.on('exit', () => {
    if (running()) child.kill('SIGTERM');
  });

  child.once('error', (error) => {
    process.stderr.write(`Could not start ${command}: ${error.message}\n`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1));
  });
}

async function main() {
  let electron = electronBinary();
  if (electron === undefined) {
    await tryDownloadElectron();
    electron = electronBinary();
  }

  if (electron !== undefined && hasDisplay()) {
    if (!ensureBuilt('index.js')) process.exit(1);
    const env = { ...process.env };
    // Inherited from some tools' terminals, it would make the binary a plain Node.
    delete env.ELECTRON_RUN_AS_NODE;
    run(electron, ['.', ...forwardedArgs], env);
    return;
  }

  process.stdout.write(`${electron === undefined ? NO_ELECTRON_LINE : NO_DISPLAY_LINE}\n`);
  if (!ensureBuilt('cli.js')) process.exit(1);
  run(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', ...forwardedArgs], process.env);
}

await main();
