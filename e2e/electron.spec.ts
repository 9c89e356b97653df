/**
 * The web e2e journey, in the real Electron app: preload, sender-checked IPC and the event
 * stream over its MessagePort end to end, with the simulator agent and a scratch data dir.
 *
 * Runs only where an Electron binary exists (it cannot be downloaded here) and a display is
 * available; the web-host e2e covers the same journey everywhere else.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, test } from '@playwright/test';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `require('electron')` gives the binary's path, and throws when dist/ or path.txt is missing. */
function electronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(join(appDir, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const hasElectronBinary = electronBinary() !== undefined;
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

test.skip(!hasElectronBinary, 'Electron binary not installed here (it cannot be downloaded); the web-host e2e covers the same journey');
test.skip(!hasDisplay, 'No display to open an Electron window on (DISPLAY and WAYLAND_DISPLAY are unset); run under xvfb-run');

test('a message sent from the Electron window gets a streamed answer', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-electron-e2e-'));
  const app = await _electron.launch({
    args: [
      '.',
      // Chromium refuses to start as root with its sandbox on (typical of CI containers).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    cwd: appDir,
    env: { ...process.env, SLUICE_AGENT: 'sim', SLUICE_DATA_DIR: dataDir },
  });
  try {
    const window = await app.firstWindow();
    await window.getByRole('textbox', { name: 'Message' }).fill('hi');
    await window.getByRole('textbox', { name: 'Message' }).press('Enter');

    const conversation = window.getByRole('region', { name: 'Conversation' });
    await expect(conversation.getByRole('article', { name: 'Your message' })).toContainText('hi');
    await expect(conversation.getByRole('article', { name: 'Assistant message' }).first()).toHaveText(/\S/);
    // The status bar's live region (a warning strip is a status too, hence the exact text).
    await expect(window.getByRole('status').filter({ hasText: /^Ready$/ })).toBeVisible();
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
