/**
 * Sessions as a person meets them: a reload mid-stream loses nothing; a server that dies
 * mid-stream leaves a session the next server lists, restores with its partial answer marked
 * Failed, and continues; a new session can start while another one streams, and both answer.
 * Plus the sidebar's keyboard and its narrow-window drawer.
 *
 * The restart journey runs its own `sluice serve` processes on one data dir (the shared
 * fixture's server lives for one test and cannot be restarted); the others use the fixture.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, journaledText, readJournal, startServe, test, type ServeProcess } from './sluice-server';

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
const assistant = (page: Page) => conversation(page).getByRole('article', { name: 'Assistant message' });
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sessions' });
const entry = (page: Page, title: string) => sidebar(page).getByRole('button', { name: title, exact: true });
const ready = (page: Page) => page.getByRole('status').filter({ hasText: 'Ready' });

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** The id of the session on screen, from the sidebar's current entry. */
async function activeSessionId(page: Page): Promise<string> {
  const current = sidebar(page).locator('button[aria-current="page"]');
  await expect(current).toHaveCount(1);
  const id = await current.getAttribute('data-session-id');
  if (id === null) throw new Error('the current entry names no session');
  return id;
}

async function blockText(page: Page, nth: number): Promise<string> {
  return (await assistant(page).nth(nth).locator('.block-text').allInnerTexts()).join('').trim();
}

test.describe('sessions', () => {
  test('a reload mid-stream loses nothing: the finished reply equals the journal', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await send(page, '/sim words=1000 delay=15\nTell me about weirs');
    await expect(assistant(page).first().locator('.block-text')).toContainText(/\S+ \S+ \S+ \S+/);
    await expect(assistant(page).first()).toHaveAttribute('aria-busy', 'true');

    await page.reload();
    // Still the same session, with what had arrived, still streaming, and it grows to the end.
    await expect(entry(page, 'Tell me about weirs')).toHaveAttribute('aria-current', 'page');
    await expect(assistant(page).first().locator('.block-text')).toContainText(/\S+ \S+ \S+ \S+/);
    await expect(assistant(page).first()).toHaveAttribute('aria-busy', 'true');
    await expect(assistant(page).first()).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
    await expect(ready(page)).toBeVisible();

    const shown = await blockText(page, 0);
    expect(shown.length).toBeGreaterThan(1000);
    expect(journaledText(readJournal(sluice.dataDir, await activeSessionId(page))).trim()).toBe(shown);
  });

  test('a new session can start while another streams; both answer their own prompt', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await send(page, '/sim words=800 delay=15\nThe first, long question');
    await expect(assistant(page).first().locator('.block-text')).toContainText(/\S+ \S+ \S+ \S+/);
    const firstId = await activeSessionId(page);
    const seenBefore = (await blockText(page, 0)).length;

    await page.getByRole('button', { name: 'New session', exact: true }).click();
    await page.getByRole('dialog', { name: 'New session' }).getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome to Sluice' })).toBeVisible();
    await expect(conversation(page).getByRole('article')).toHaveCount(0);
    expect(await activeSessionId(page)).not.toBe(firstId);
    // The first one is still at work, in the background.
    await expect(entry(page, 'The first, long question')).not.toHaveAttribute('aria-current', 'page');
    await expect(sidebar(page).locator(`button[data-session-id="${firstId}"]`)).toHaveClass(/status-streaming/);

    await send(page, '/sim words=30 delay=5\nThe second question');
    await expect(conversation(page).getByRole('article', { name: 'Your message' })).toHaveText('/sim words=30 delay=5\nThe second question');
    await expect(assistant(page)).toHaveCount(1);
    await expect(assistant(page).first()).toHaveAttribute('aria-busy', 'false');
    await expect(ready(page)).toBeVisible();
    const secondId = await activeSessionId(page);
    await expect(entry(page, 'The second question')).toHaveAttribute('aria-current', 'page');
    expect(journaledText(readJournal(sluice.dataDir, secondId)).trim()).toBe(await blockText(page, 0));

    await entry(page, 'The first, long question').click();
    await expect(entry(page, 'The first, long question')).toHaveAttribute('aria-current', 'page');
    await expect(conversation(page).getByRole('article', { name: 'Your message' })).toContainText('The first, long question');
    // It went on while it was not shown: longer than when we left, and it runs to its end.
    await expect.poll(async () => (await blockText(page, 0)).length).toBeGreaterThan(seenBefore);
    await expect(assistant(page).first()).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
    expect(journaledText(readJournal(sluice.dataDir, firstId)).trim()).toBe(await blockText(page, 0));
    await expect(sidebar(page).locator(`button[data-session-id="${firstId}"]`)).toHaveClass(/status-completed/);
  });

  test('the keyboard: Alt+N starts a session, arrows move through the list, Enter opens', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await send(page, '/sim words=10 delay=1\nAlpha');
    await expect(ready(page)).toBeVisible();
    await expect(entry(page, 'Alpha')).toBeVisible();
    await expect(page.getByRole('button', { name: 'New session', exact: true })).toHaveAttribute('title', /\(Alt\+N\)/);

    await page.keyboard.press('Alt+n');
    await expect(page.getByRole('heading', { name: 'Welcome to Sluice' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
    await send(page, '/sim words=10 delay=1\nBeta');
    await expect(ready(page)).toBeVisible();
    await expect(entry(page, 'Beta')).toHaveAttribute('aria-current', 'page');

    await entry(page, 'Beta').focus();
    await page.keyboard.press('ArrowDown');
    await expect(entry(page, 'Alpha')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(entry(page, 'Beta')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(entry(page, 'Alpha')).toHaveAttribute('aria-current', 'page');
    await expect(conversation(page).getByRole('article', { name: 'Your message' })).toContainText('Alpha');
  });

  test('a narrow window folds the sidebar into a Sessions button', async ({ page, sluice }) => {
    await page.setViewportSize({ width: 800, height: 700 });
    await page.goto(sluice.url);
    await send(page, '/sim words=10 delay=1\nNarrow question');
    await expect(ready(page)).toBeVisible();
    await expect(sidebar(page)).toHaveCount(0);

    const toggle = page.getByRole('button', { name: 'Sessions', exact: true });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(sidebar(page)).toBeVisible();
    await expect(entry(page, 'Narrow question')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(sidebar(page)).toHaveCount(0);
    await expect(toggle).toBeFocused();

    await toggle.click();
    await sidebar(page).getByRole('button', { name: 'New session', exact: true }).click();
    await page.getByRole('dialog', { name: 'New session' }).getByRole('button', { name: 'Start' }).click();
    await expect(sidebar(page)).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Welcome to Sluice' })).toBeVisible();
  });
});

test.describe('a server that dies mid-stream', () => {
  test('the next server lists the session; opened, it shows the partial answer as Failed, and Continue completes it', async ({ page }) => {
    test.setTimeout(90_000);
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-e2e-restart-'));
    let server: ServeProcess | null = null;
    try {
      server = await startServe(dataDir, ['--agent', 'sim']);
      await page.goto(server.url);
      await send(page, '/sim words=3000 delay=20\nTell me everything about locks');
      await expect(assistant(page).first().locator('.block-text')).toContainText(/\S+ \S+ \S+ \S+ \S+ \S+/);
      const oldId = await activeSessionId(page);
      await server.stop();
      server = null;
      await expect(page.getByText('Disconnected — reconnecting…').first()).toBeVisible();

      server = await startServe(dataDir, ['--agent', 'sim']);
      await page.goto(server.url);
      const old = entry(page, 'Tell me everything about locks');
      await expect(old).toBeVisible();
      await expect(old).not.toHaveAttribute('aria-current', 'page');
      expect(await old.getAttribute('data-session-id')).toBe(oldId);

      await old.click();
      await expect(old).toHaveAttribute('aria-current', 'page');
      const partial = assistant(page).first();
      await expect(partial.getByText('Failed', { exact: true })).toBeVisible();
      const partialText = await blockText(page, 0);
      expect(partialText.length).toBeGreaterThan(0);
      expect(journaledText(readJournal(dataDir, oldId)).trim()).toBe(partialText);
      await expect(old).toHaveClass(/status-failed/);

      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await expect(conversation(page).getByRole('separator', { name: 'Continued' })).toBeVisible();
      await expect(assistant(page)).toHaveCount(2);
      const continuation = assistant(page).nth(1);
      await expect(continuation.locator('.block-text')).not.toBeEmpty();
      await expect(continuation).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
      await expect(ready(page)).toBeVisible();
      await expect(old).toHaveClass(/status-completed/);
      // The partial answer is kept as it was.
      expect(await blockText(page, 0)).toBe(partialText);
    } finally {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
