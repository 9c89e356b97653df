import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * Journey: a person pipes `sluice run` into another program (`| cat`, `| jq`, `| head`, a slow
 * reader). The whole output arrives, whatever the sink's pace; a reader that leaves early ends
 * the command quietly. Every pipe here is a real OS pipe, and the command is the built `sluice`.
 */

const sluiceBin = join(process.cwd(), 'bin', 'sluice.js');
/** About 6 MB of reply: well past the 64 KiB a pipe buffers and Node's own write queue. */
const BIG_REPLY = '--words 900000 --chunk 400 --delay 0 --ascii';

let dataDir: string;
test.beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-pipes-'));
});
test.afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function runThroughShell(pipeline: string): { stdout: Buffer; stderr: string; statuses: number[] } {
  const result = spawnSync('bash', ['-c', `${pipeline}; echo "\${PIPESTATUS[@]}" >&3`], {
    env: { ...process.env, SLUICE_DATA_DIR: dataDir, SLUICE_BIN: sluiceBin },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const statuses = String(result.output[3]).trim().split(' ').map(Number);
  return { stdout: result.stdout, stderr: result.stderr.toString(), statuses };
}

test('a 6 MB --json report read through `| cat` arrives whole, exit code 0', () => {
  const { stdout, stderr, statuses } = runThroughShell(`node "$SLUICE_BIN" run --json --agent sim --sim-args="${BIG_REPLY}" --prompt go | cat`);
  expect(stderr).toBe('');
  expect(statuses).toEqual([0, 0]);
  expect(stdout.length).toBeGreaterThan(5_000_000);
  const report = JSON.parse(stdout.toString('utf8')) as { status: string; assistantText: string; journal: string };
  expect(report.status).toBe('completed');
  expect(report.assistantText.trim().split(/\s+/)).toHaveLength(900_000);
  expect(readFileSync(report.journal).length).toBeGreaterThan(5_000_000);
});

test('the streamed reply read through `| cat` is byte for byte the report’s text', () => {
  const plain = runThroughShell(`node "$SLUICE_BIN" run --agent sim --sim-args="${BIG_REPLY}" --prompt go | cat`);
  const json = runThroughShell(`node "$SLUICE_BIN" run --json --agent sim --sim-args="${BIG_REPLY}" --prompt go > "$SLUICE_DATA_DIR/report.json"`);
  expect(plain.statuses).toEqual([0, 0]);
  expect(json.statuses).toEqual([0]);
  const report = JSON.parse(readFileSync(join(dataDir, 'report.json'), 'utf8')) as { assistantText: string };
  expect(plain.stdout.toString('utf8')).toBe(`${report.assistantText}\n`);
});

test('`| head -c 100` ends the command quietly: no stack trace, the turn interrupted', () => {
  const { stdout, stderr, statuses } = runThroughShell(`node "$SLUICE_BIN" run --agent sim --sim-args="${BIG_REPLY} --delay 1" --prompt go | head -c 100`);
  expect(stdout.length).toBe(100);
  expect(stderr).toBe('');
  // The reader left before the turn completed: the turn is interrupted, which exits 1.
  expect(statuses).toEqual([1, 0]);
});

test('`--json | head -c 100` after a completed turn exits 0 without a word on stderr', () => {
  const { stdout, stderr, statuses } = runThroughShell(`node "$SLUICE_BIN" run --json --agent sim --sim-args="${BIG_REPLY}" --prompt go | head -c 100`);
  expect(stdout.length).toBe(100);
  expect(stderr).toBe('');
  expect(statuses).toEqual([0, 0]);
});

test('a slow reader gets the whole 6 MB report', async () => {
  const child = spawn('node', [sluiceBin, 'run', '--json', '--agent', 'sim', `--sim-args=${BIG_REPLY}`, '--prompt', 'go'], {
    env: { ...process.env, SLUICE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Read a chunk, then leave the pipe full for a while: the writer must wait, not give up.
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    if (chunks.length % 8 === 0) {
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 20);
    }
  });
  expect(await done).toBe(0);
  expect(stderr).toBe('');
  const report = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status: string; assistantText: string };
  expect(report.status).toBe('completed');
  expect(report.assistantText.trim().split(/\s+/)).toHaveLength(900_000);
});
