/**
 * The main journey in a real browser against `sluice serve` with the simulator: type a prompt,
 * press Enter, watch the reply grow, see it complete — and the journal proves every line.
 */

import type { Page } from '@playwright/test';
import { expect, journaledText, test } from './sluice-server';

const assistant = (page: Page) => page.getByRole('region', { name: 'Conversation' }).getByRole('article', { name: 'Assistant message' });

async function sendPrompt(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

test.describe('a streamed turn', () => {
  test.use({ serveArgs: ['--agent', 'sim', '--sim-args=--delay 30'] });

  test('grows live after Enter, completes, and matches the journal byte for byte', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await expect(page.getByText('Simulated agent').first()).toBeVisible();
    await sendPrompt(page, '/sim words=60 chunk=2\nTell me about rivers');

    const reply = assistant(page);
    await expect(reply).toHaveAttribute('aria-busy', 'true');
    const lengths: number[] = [];
    while ((await reply.getAttribute('aria-busy')) === 'true') {
      lengths.push((await reply.innerText()).length);
      await page.waitForTimeout(60);
    }
    expect(new Set(lengths).size, 'the reply was seen at several lengths while streaming').toBeGreaterThan(3);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));

    await expect(page.getByRole('status').filter({ hasText: 'Ready' })).toBeVisible();
    await expect(page.getByRole('article', { name: 'Your message' })).toContainText('Tell me about rivers');
    const shown = (await reply.innerText()).trim();
    expect(shown.length).toBeGreaterThan(100);
    expect(journaledText(sluice.journal()).trim()).toBe(shown);
    expect(sluice.journal().some((record) => record.dir === 'in')).toBe(true);

  });

  test('renders markdown as it streams: headings, lists, highlighted code; the source is in the journal', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await sendPrompt(page, '/sim words=140 chunk=3 markdown\nHow does Sluice keep every byte?');
    const reply = assistant(page);
    await expect(reply).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
    await expect(reply.getByRole('heading', { level: 2 })).toBeVisible();
    await expect(reply.getByRole('listitem').first()).toBeVisible();
    await expect(reply.locator('pre code.language-ts .hljs-keyword').first()).toHaveText('const');
    const source = journaledText(sluice.journal());
    expect(source).toMatch(/^## /);
    // What is shown is the source without its markdown syntax, word for word.
    const words = (text: string) =>
      text
        .replace(/```ts|```/g, ' ')
        .replace(/^(#+|-) /gm, ' ')
        .replace(/[*`]/g, '')
        .split(/\s+/)
        .filter(Boolean);
    expect(words(await reply.locator('.block-text').innerText())).toEqual(words(source));

    if (process.env.SLUICE_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot.png' });
  });

  test('Shift+Enter adds a line and Enter sends both lines', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.pressSequentially('first line');
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    await expect(page.getByRole('article', { name: 'Your message' })).toHaveCount(0);
    await box.press('Enter');
    const mine = page.getByRole('article', { name: 'Your message' });
    await expect(mine).toHaveText('first line\nsecond line');
    await expect(box).toHaveValue('');
    await expect(box).toBeFocused();
  });

  test('the Send button sends too, and is disabled for a blank message', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    const send = page.getByRole('button', { name: 'Send' });
    await expect(send).toBeDisabled();
    await page.getByRole('textbox', { name: 'Message' }).fill('hello');
    await send.click();
    await expect(assistant(page)).toContainText(/\S/);
  });
});

test.describe('bad agent output', () => {
  test.use({ serveArgs: ['--agent', 'sim', '--sim-args=--delay 1 --malformed-every 7'] });

  test('a malformed line is counted and shown as a warning while the reply completes', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await sendPrompt(page, 'hi');
    await expect(page.getByRole('status').filter({ hasText: 'Ready' })).toBeVisible();
    await expect(page.getByText(/malformed lines? from the agent/i)).toBeVisible();
    const malformed = sluice.journal().filter((record) => record.dir === 'out' && record.raw === 'this is not json {');
    expect(malformed.length).toBeGreaterThan(0);
    await expect(assistant(page)).toContainText('simulator');
  });
});

test.describe('an agent that dies mid-turn', () => {
  test.use({ serveArgs: ['--agent', 'sim', '--sim-args=--delay 5 --crash-after 6'] });

  test('marks the turn failed with the exit code and stderr, keeping the partial reply', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await sendPrompt(page, 'hi');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(/agent-crashed/i);
    await expect(alert).toContainText('code 3');
    await expect(alert).toContainText('simulated crash');
    await expect(assistant(page).getByText('Failed', { exact: true })).toBeVisible();
    const partial = (await assistant(page).locator('.block-text').innerText()).trim();
    expect(partial.length).toBeGreaterThan(0);
    expect(journaledText(sluice.journal()).trim()).toBe(partial);
  });
});
