import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startServe, type ServeProcess } from './sluice-server';

/**
 * Journey: the disk fills (or the data folder is unusable) while an agent streams. Nothing
 * crashes: `sluice run` ends with the typed error `journal_write_failed` and a non-zero exit,
 * `sluice serve` keeps serving and says so in a banner, and the count of lines the journal lacks
 * is shown. The full disk is a real 320 KiB tmpfs. Mounting it needs root: as root (CI) a
 * failed mount fails the test; only a run without root skips the tests that need it.
 */

const sluiceBin = join(process.cwd(), 'bin', 'sluice.js');
/** Far more than the tiny disk holds: about 1.4 MB of reply. */
const BIG_REPLY = '--words 200000 --delay 0 --ascii';

let scratch: string;
let tinyDisk: string | null;

test.beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sluice-faults-'));
  const mountPoint = join(scratch, 'tiny');
  mkdirSync(mountPoint);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=320k', 'tmpfs', mountPoint], { stdio: 'ignore' });
  tinyDisk = mounted.status === 0 ? mountPoint : null;
  if (tinyDisk === null && process.getuid?.() === 0) throw new Error('mount -t tmpfs failed although running as root');
});

test.afterEach(() => {
  if (tinyDisk !== null) spawnSync('umount', ['-l', tinyDisk], { stdio: 'ignore' });
  rmSync(scratch, { recursive: true, force: true });
});

function sluiceRun(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, [sluiceBin, 'run', ...args], { env: { ...process.env, SLUICE_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
}

test('`sluice run` on a full disk stops the turn with journal_write_failed, exit 1, no stack trace', () => {
  test.skip(tinyDisk === null, 'mounting a tmpfs needs root (this run is not root)');
  const run = sluiceRun(tinyDisk as string, '--json', '--agent', 'sim', `--sim-args=${BIG_REPLY}`, '--prompt', 'go');
  expect(run.status).toBe(1);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as { status: string; error: { code: string; message: string }; journal: string };
  expect(report.status).toBe('failed');
  expect(report.error.code).toBe('journal_write_failed');
  expect(report.error.message).toMatch(/ENOSPC/);
  // A batch that failed part-way was cut back: what the journal holds is whole records only.
  const lines = readFileSync(report.journal, 'utf8').split('\n').filter((line) => line !== '');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
});

test('`sluice run` with a data folder that is a file says journal_write_failed, exit 1', () => {
  const notAFolder = join(scratch, 'file');
  writeFileSync(notAFolder, 'not a folder');
  const plain = sluiceRun(notAFolder, '--agent', 'sim', '--prompt', 'go');
  expect(plain.status).toBe(1);
  expect(plain.stderr).toMatch(/^sluice: journal_write_failed: Sluice cannot write its journal at .*ENOTDIR/);
  expect(plain.stderr).not.toMatch(/\n\s+at /);
  const json = sluiceRun(notAFolder, '--json', '--agent', 'sim', '--prompt', 'go');
  expect(json.status).toBe(1);
  expect((JSON.parse(json.stdout) as { error: { code: string } }).error.code).toBe('journal_write_failed');
});

test.describe('the web host on a disk that fills', () => {
  let server: ServeProcess | null = null;
  test.afterEach(async () => {
    await server?.stop();
    server = null;
  });

  test('keeps serving, shows the fault in a banner with the lines not journaled, and the turn fails typed', async ({ page }) => {
    test.skip(tinyDisk === null, 'mounting a tmpfs needs root (this run is not root)');
    server = await startServe(tinyDisk as string, ['--agent', 'sim']);
    await page.goto(server.url);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(`/sim words=200000 delay=0 ascii\ngo`);
    await box.press('Enter');
    const banner = page.getByRole('alert', { name: 'Storage problem' });
    await expect(banner).toContainText('journal_write_failed');
    await expect(banner).toContainText(/ENOSPC/);
    // Whether or not a later, smaller write succeeded meanwhile, the lost lines stay reported.
    await expect(banner).toContainText(/\d+ lines? the agent wrote (earlier )?are not in it/);
    await expect(page.getByRole('alert').filter({ hasText: 'The journal could not be written' })).toBeVisible();
    // The server is still there: the page can still talk to it (a new session starts).
    await page.getByRole('button', { name: 'New session', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeEnabled();
  });
});
