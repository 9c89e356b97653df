/**
 * Stopping a runaway answer: Escape or the Interrupt button ends the turn, the reply stops
 * growing at once, and everything received stays, marked Interrupted.
 */

import type { Page } from '@playwright/test';
import { expect, test } from './sluice-server';

const assistant = (page: Page) => page.getByRole('region', { name: 'Conversation' }).getByRole('article', { name: 'Assistant message' });

async function startLongReply(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('/sim words=3000 delay=20\nTell me everything');
  await box.press('Enter');
  await expect(assistant(page).locator('.block-text')).toContainText(/\S+ \S+ \S+ \S+/);
}

test.describe('interrupting a streaming reply', () => {
  test.use({ serveArgs: ['--agent', 'sim'] });

  test('Escape stops the reply from growing within 100 ms and keeps it, marked Interrupted', async ({ page, sluice }) => {
    await startLongReply(page, sluice.url);
    await expect(page.getByRole('button', { name: 'Interrupt' })).toBeVisible();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
    const text = assistant(page).locator('.block-text');
    const atStop = await text.innerText();
    await page.waitForTimeout(600);
    expect(await text.innerText()).toBe(atStop);
    await expect(assistant(page).getByText('Interrupted', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Interrupt' })).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Ready' })).toBeVisible();
    expect(atStop.trim().length).toBeGreaterThan(0);
    const steps = sluice.journal().filter((record) => record.event === 'interrupt').map((record) => record.step);
    expect(steps).toEqual(['control_request']);
  });

  test('the Interrupt button stops the turn and the next message gets an answer', async ({ page, sluice }) => {
    await startLongReply(page, sluice.url);
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await expect(assistant(page).first().getByText('Interrupted', { exact: true })).toBeVisible();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('hi');
    await box.press('Enter');
    await expect(assistant(page).nth(1)).toContainText('simulator');
    await expect(assistant(page).nth(1)).toHaveAttribute('aria-busy', 'false');
  });
});

test.describe('an agent that ignores the interrupt request', () => {
  test.use({ serveArgs: ['--agent', 'sim', '--sim-args=--ignore-interrupt --ignore-sigint'] });

  test('escalates to signals, says so, and still ends the turn', async ({ page, sluice }) => {
    await startLongReply(page, sluice.url);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('status').filter({ hasText: /sent SIG(INT|TERM)/ })).toBeVisible({ timeout: 10_000 });
    await expect(assistant(page).getByText('Interrupted', { exact: true })).toBeVisible({ timeout: 15_000 });
    const steps = sluice.journal().filter((record) => record.event === 'interrupt').map((record) => record.step);
    expect(steps.slice(0, 2)).toEqual(['control_request', 'SIGINT']);
  });
});
