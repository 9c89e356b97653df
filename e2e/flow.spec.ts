/**
 * Holding any rate: a firehose of numbered deltas reaches the view complete and in order, and a
 * view that stops drawing slows the agent instead of growing memory — visibly, on the dashboard.
 * How long the page's main thread is blocked is a figure for the benchmarks, not an assertion
 * here: a loaded CI machine must not turn the suite red. The longest tasks are reported as an
 * annotation of the test.
 */

import type { Page } from '@playwright/test';
import { expect, test } from './sluice-server';

test.use({ serveArgs: ['--agent', 'sim'] });

/** Long tasks (main-thread blocks over 50 ms) seen by the page, in ms. */
async function watchLongTasks(page: Page): Promise<void> {
  // Page-side code as text: it runs in the browser, which the Node typecheck does not describe.
  await page.addInitScript({
    content: `window.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => window.longTasks.push(entry.duration)))
        .observe({ type: 'longtask', buffered: true });`,
  });
}

const counter = (page: Page, label: string) =>
  page.getByRole('list', { name: 'Stream counters' }).getByRole('listitem').filter({ hasText: `${label}:` }).locator('.counter-value');

test('a firehose of 100,000 numbered deltas arrives complete and in order', async ({ page, sluice }) => {
  test.setTimeout(180_000);
  await watchLongTasks(page);
  await page.goto(sluice.url);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('/sim words=100000 chunk=1 delay=0 seq ascii\nfirehose');
  await box.press('Enter');
  const reply = page.getByRole('region', { name: 'Conversation' }).getByRole('article', { name: 'Assistant message' });
  // Count from the moment the reply streams: loading the page is not the stream's doing.
  await expect(reply).toHaveAttribute('aria-busy', 'true');
  await page.evaluate('window.longTasks.splice(0)');
  // Waits with a plain attribute selector: polling a role locator would compute accessible names
  // and an aria snapshot over the megabyte reply on the page's own main thread, so the test
  // would count its own work as the page's long tasks.
  await page.locator('article[aria-busy="false"]').waitFor({ state: 'attached', timeout: 150_000 });

  // Read before the check below, which is itself a long task (it scans a megabyte of text).
  const longTasks = (await page.evaluate('[...window.longTasks]')) as number[];
  const markers = await reply.evaluate((article) => [...(article.textContent ?? '').matchAll(/⟦(\d+)⟧/g)].map((match) => Number(match[1])));
  expect(markers.length).toBe(100_000);
  const outOfPlace = markers.findIndex((value, index) => value !== index + 1);
  expect(outOfPlace, 'every delta once, in order').toBe(-1);
  test.info().annotations.push({ type: 'long tasks (ms)', description: JSON.stringify(longTasks.map(Math.round)) });
});

test('a view that stops drawing engages backpressure, which releases when it catches up', async ({ page, sluice }) => {
  test.setTimeout(120_000);
  await page.goto(sluice.url);
  await page.getByRole('button', { name: 'Dashboard' }).click();
  const dashboard = page.getByRole('region', { name: 'Stream dashboard' });
  await expect(dashboard).toBeVisible();
  for (const chart of ['Throughput', 'Buffer', 'Backpressure', 'Latency', 'Memory']) await expect(dashboard.getByRole('figure', { name: chart })).toBeVisible();

  const slowView = dashboard.getByRole('switch', { name: /Slow view/ });
  await slowView.click();
  await expect(slowView).toHaveAttribute('aria-checked', 'true');
  await dashboard.getByRole('button', { name: 'Run load' }).click();

  const backpressure = dashboard.getByRole('figure', { name: 'Backpressure' });
  await expect(backpressure).toContainText(/paused now|waiting for credit now/, { timeout: 30_000 });
  await expect.poll(async () => Number((await counter(page, 'Pauses').innerText()).replace(/\D/g, '')), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  if (process.env.SLUICE_SCREENSHOTS) {
    await dashboard.getByRole('figure', { name: 'Throughput' }).scrollIntoViewIfNeeded();
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: 'docs/dashboard.png' });
  }

  await slowView.click();
  await expect(backpressure).toContainText('flowing', { timeout: 60_000 });
  const reply = page.getByRole('region', { name: 'Conversation' }).getByRole('article', { name: 'Assistant message' });
  await expect(reply).toHaveAttribute('aria-busy', 'false', { timeout: 90_000 });
  await expect(counter(page, 'Lost')).toHaveText('0');
  expect(sluice.journal().some((record) => record.dir === 'out')).toBe(true);
});
