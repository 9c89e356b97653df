/**
 * Session settings as a person meets them, with the simulator (which takes claude's --model and
 * --permission-mode and echoes them like the CLI): New session opens a dialog; a folder that does
 * not exist is refused beside its field and the dialog stays; a real folder, a model and a mode
 * start a session the header shows; the Session settings popover changes the mode live; Escape
 * and the keyboard shortcut work without a mouse.
 */

import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, readJournal, test } from './sluice-server';

const dialog = (page: Page) => page.getByRole('dialog', { name: 'New session' });
const header = (page: Page) => page.getByRole('banner');
const ready = (page: Page) => page.getByRole('status').filter({ hasText: 'Ready' });

test.describe('session settings', () => {
  let folder: string;
  test.beforeEach(() => {
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-e2e-cwd-')));
  });
  test.afterEach(() => rmSync(folder, { recursive: true, force: true }));

  test('New session: a refused folder stays in the dialog; a real one starts a session shown in the header', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await page.getByRole('button', { name: 'New session', exact: true }).click();
    await expect(dialog(page)).toBeVisible();
    const cwd = dialog(page).getByRole('textbox', { name: 'Working directory' });
    await expect(cwd).toBeFocused();
    await expect(cwd).toHaveValue(process.cwd());
    // The web host has no native folder picker.
    await expect(dialog(page).getByRole('button', { name: 'Choose…' })).toHaveCount(0);

    const missing = join(folder, 'no-such-folder');
    await cwd.fill(missing);
    await cwd.press('Enter');
    await expect(dialog(page).getByRole('alert')).toHaveText(`${missing} does not exist (or Sluice may not read it).`);
    await expect(cwd).toHaveAttribute('aria-invalid', 'true');
    await expect(cwd).toBeFocused();

    await cwd.fill(folder);
    await dialog(page).getByRole('combobox', { name: 'Model' }).fill('opus');
    await dialog(page).getByRole('combobox', { name: 'Permission mode' }).selectOption('plan');
    await dialog(page).getByRole('button', { name: 'Start' }).click();
    await expect(dialog(page)).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
    await expect(header(page).getByText(basename(folder), { exact: true })).toBeVisible();
    await expect(header(page).getByTitle('Permission mode', { exact: true })).toHaveText('plan');

    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('/sim words=5 delay=1\nWhere am I?');
    await box.press('Enter');
    await expect(ready(page)).toBeVisible();
    // The agent's own system/init now speaks: its model, and the folder it runs in.
    await expect(header(page).locator('.agent-model')).toHaveText('opus');
    await expect(header(page).getByTitle(`Working directory: ${folder}`, { exact: true })).toBeVisible();

    const id = await page.locator('nav[aria-label="Sessions"] button[aria-current="page"]').getAttribute('data-session-id');
    const spawn = readJournal(sluice.dataDir, id ?? '').find((record) => record.event === 'spawn');
    expect(spawn?.cwd).toBe(folder);
    expect((spawn?.args as string[]).slice(-4)).toEqual(['--model', 'opus', '--permission-mode', 'plan']);
  });

  test('the keyboard: Alt+Shift+N opens the dialog, Escape closes it; Session settings changes the mode live', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('/sim words=5 delay=1\nhello there');
    await box.press('Enter');
    await expect(ready(page)).toBeVisible();

    await page.keyboard.press('Alt+Shift+N');
    await expect(dialog(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toHaveCount(0);

    const toggle = header(page).getByRole('button', { name: 'Session settings' });
    await toggle.click();
    const popover = page.getByRole('dialog', { name: 'Session settings' });
    await expect(popover.getByRole('combobox', { name: 'Model' })).toBeFocused();
    await popover.getByRole('combobox', { name: 'Permission mode' }).selectOption('acceptEdits');
    await popover.getByRole('combobox', { name: 'Model' }).press('Enter');
    await expect(popover).toHaveCount(0);
    await expect(header(page).getByTitle('Permission mode', { exact: true })).toHaveText('acceptEdits');
    await expect(toggle).toBeFocused();

    // The change reached the agent: its next turn's system/init reports it.
    await box.fill('/sim words=5 delay=1\nagain');
    await box.press('Enter');
    await expect(ready(page)).toBeVisible();
    const inits = sluice
      .journal()
      .filter((record) => record.dir === 'out' && typeof record.raw === 'string' && record.raw.includes('"subtype":"init"'))
      .map((record) => JSON.parse(record.raw as string) as { permissionMode: string });
    expect(inits.map((init) => init.permissionMode)).toEqual(['default', 'acceptEdits']);
  });
});
