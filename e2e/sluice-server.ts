/**
 * Test fixture: a real `sluice serve` (the built CLI) on a free loopback port, with its own data
 * dir (and, when given, its own environment and working directory, which its agent inherits),
 * stopped (and its agent with it) when the test ends; plus the journal readers the specs use to
 * check what a person saw against what the agent wrote.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';

export type JournalRecord = Record<string, unknown>;

export interface SluiceServer {
  url: string;
  dataDir: string;
  /** Records of the first session journal, parsed. */
  journal(): JournalRecord[];
}

export interface ServerOptions {
  /** Extra `sluice serve` arguments, e.g. ['--sim-args', '--delay 40']. */
  serveArgs: string[];
}

/** A running `sluice serve` on `dataDir`; `stop` ends it (SIGTERM, SIGKILL after 10 s). */
export interface ServeProcess {
  url: string;
  stop(): Promise<void>;
}

/** Where `sluice serve` runs: its environment (default: this process's) and working directory, the agent's too. */
export interface ServeEnvironment {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export async function startServe(dataDir: string, serveArgs: string[], where: ServeEnvironment = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(process.cwd(), 'out', 'main', 'cli.js'), 'serve', '--port', '0', ...serveArgs], {
    env: { ...(where.env ?? process.env), SLUICE_DATA_DIR: dataDir },
    cwd: where.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    return { url: await printedUrl(child), stop: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

export const test = base.extend<ServerOptions & { sluice: SluiceServer }>({
  serveArgs: [['--agent', 'sim'], { option: true }],
  sluice: async ({ serveArgs }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-e2e-'));
    const server = await startServe(dataDir, serveArgs);
    try {
      await use({
        url: server.url,
        dataDir,
        journal: () => firstSessionJournal(dataDir),
      });
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';

export function readJournal(dataDir: string, sessionId: string): JournalRecord[] {
  return readFileSync(join(dataDir, 'sessions', `${sessionId}.ndjson`), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JournalRecord);
}

/** Records of the first session journal under `dataDir`, parsed (none before it exists). */
export function firstSessionJournal(dataDir: string): JournalRecord[] {
  const file = readdirSync(join(dataDir, 'sessions')).find((name) => name.endsWith('.ndjson'));
  return file === undefined ? [] : readJournal(dataDir, file.slice(0, -'.ndjson'.length));
}

/** Concatenated text_delta texts of the journal's stdout lines, in journal order. */
export function journaledText(records: JournalRecord[]): string {
  return records
    .filter((record) => record.dir === 'out' && typeof record.raw === 'string')
    .map((record) => JSON.parse(record.raw as string) as { type: string; event?: { type: string; delta?: { type: string; text?: string } } })
    .filter((line) => line.type === 'stream_event' && line.event?.type === 'content_block_delta' && line.event.delta?.type === 'text_delta')
    .map((line) => line.event?.delta?.text ?? '')
    .join('');
}

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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sluice serve exited (${code}):\n${output}`));
    });
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
