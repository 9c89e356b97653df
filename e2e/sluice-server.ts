/**
 * Test fixture: a real `sluice serve` (the built CLI) on a free loopback port, with its own data
 * dir, stopped (and its agent with it) when the test ends.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';

export interface SluiceServer {
  url: string;
  dataDir: string;
  /** Records of the (single) session journal, parsed. */
  journal(): Record<string, unknown>[];
}

export interface ServerOptions {
  /** Extra `sluice serve` arguments, e.g. ['--sim-args', '--delay 40']. */
  serveArgs: string[];
}

export const test = base.extend<ServerOptions & { sluice: SluiceServer }>({
  serveArgs: [['--agent', 'sim'], { option: true }],
  sluice: async ({ serveArgs }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-e2e-'));
    const child = spawn(process.execPath, ['out/main/cli.js', 'serve', '--port', '0', ...serveArgs], {
      env: { ...process.env, SLUICE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await printedUrl(child);
      await use({
        url,
        dataDir,
        journal: () => {
          const dir = join(dataDir, 'sessions');
          const file = readdirSync(dir).find((name) => name.endsWith('.ndjson'));
          if (!file) return [];
          return readFileSync(join(dir, file), 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as Record<string, unknown>);
        },
      });
    } finally {
      await stop(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';

function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`sluice serve printed no URL:\n${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`sluice serve exited (${code}):\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
