import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * Runs a copy of scripts/start.js inside a scratch app folder whose pieces are fakes: the
 * electron package (the real index.js, a scripted install.js, a shell script as the binary)
 * and the built CLI (a script that reports its argv and how it was stopped).
 */

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');

// Handlers first, then the line the tests wait for: a signal sent on that line must find them.
const FAKE_CLI = `
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { process.stdout.write('stopped by ' + signal + '\\n'); process.exit(0); });
}
process.stdout.write('serve ' + JSON.stringify(process.argv.slice(2)) + '\\n');
setInterval(() => {}, 1000);
`;

const FAKE_BINARY = '#!/bin/sh\necho "electron $*"\nexit 7\n';

const FAILING_INSTALLER = "process.stderr.write('getaddrinfo ENOTFOUND github.com\\n'); process.exit(1);\n";
const WORKING_INSTALLER = `
const { writeFileSync, mkdirSync, chmodSync } = require('node:fs');
const { join } = require('node:path');
mkdirSync(join(__dirname, 'dist'), { recursive: true });
writeFileSync(join(__dirname, 'dist', 'electron'), ${JSON.stringify(FAKE_BINARY)});
chmodSync(join(__dirname, 'dist', 'electron'), 0o755);
writeFileSync(join(__dirname, 'path.txt'), 'electron');
`;

const roots: string[] = [];

function scratchApp(options: { binary: boolean; installer: string }): string {
  const root = mkdtempSync(join(tmpdir(), 'sluice-start-'));
  roots.push(root);
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(here, 'start.js'), join(root, 'scripts', 'start.js'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'sluice-scratch', type: 'module' }));
  const electron = join(root, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
  copyFileSync(join(repo, 'node_modules', 'electron', 'index.js'), join(electron, 'index.js'));
  writeFileSync(join(electron, 'install.js'), options.installer);
  if (options.binary) {
    mkdirSync(join(electron, 'dist'));
    writeFileSync(join(electron, 'dist', 'electron'), FAKE_BINARY);
    chmodSync(join(electron, 'dist', 'electron'), 0o755);
    writeFileSync(join(electron, 'path.txt'), 'electron');
  }
  mkdirSync(join(root, 'out', 'main'), { recursive: true });
  writeFileSync(join(root, 'out', 'main', 'cli.js'), FAKE_CLI);
  writeFileSync(join(root, 'out', 'main', 'index.js'), '');
  return root;
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(root: string, args: string[], env: NodeJS.ProcessEnv, whenOutput?: { text: string; signal: NodeJS.Signals }): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.js'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (whenOutput && !signalled && stdout.includes(whenOutput.text)) {
        signalled = true;
        child.kill(whenOutput.signal);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('scripts/start.js', () => {
  it('runs the Electron binary on the app folder and forwards its exit code', async () => {
    const root = scratchApp({ binary: true, installer: FAILING_INSTALLER });
    const outcome = await start(root, ['--flag'], { DISPLAY: ':0' });
    expect(outcome.stdout).toBe('electron . --flag\n');
    expect(outcome.code).toBe(7);
  });

  it('fetches a missing binary once through Electron\'s installer, then runs it', async () => {
    const root = scratchApp({ binary: false, installer: WORKING_INSTALLER });
    const outcome = await start(root, [], { DISPLAY: ':0' });
    expect(outcome.stdout).toBe('electron .\n');
    expect(outcome.code).toBe(7);
  });

  it('falls back to the web host with one line, forwarding the arguments', async () => {
    const root = scratchApp({ binary: false, installer: FAILING_INSTALLER });
    const outcome = await start(root, ['--port', '0'], { DISPLAY: ':0' }, { text: 'serve', signal: 'SIGTERM' });
    const lines = outcome.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Electron is not available on this machine .* web UI instead:$/);
    expect(lines[1]).toBe('serve ["serve","--port","0"]');
    expect(outcome.stderr).not.toContain('ENOTFOUND');
  });

  it('forwards SIGTERM and SIGINT to the web host and exits with its code', async () => {
    const root = scratchApp({ binary: false, installer: FAILING_INSTALLER });
    const byTerm = await start(root, [], {}, { text: 'serve', signal: 'SIGTERM' });
    expect(byTerm.stdout).toContain('stopped by SIGTERM');
    expect(byTerm.code).toBe(0);
    const byInt = await start(root, [], {}, { text: 'serve', signal: 'SIGINT' });
    expect(byInt.stdout).toContain('stopped by SIGINT');
    expect(byInt.code).toBe(0);
  });

  it.runIf(process.platform === 'linux')('opens the web UI when there is no display to show a window on', async () => {
    const root = scratchApp({ binary: true, installer: FAILING_INSTALLER });
    const outcome = await start(root, [], { DISPLAY: '', WAYLAND_DISPLAY: '' }, { text: 'serve', signal: 'SIGTERM' });
    expect(outcome.stdout).toMatch(/^No display is available/);
    expect(outcome.stdout).toContain('serve ["serve"]');
  });
});
