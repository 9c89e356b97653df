/**
 * The UI benchmark (`npm run bench -- --suite ui`): the web host in Debian's Chromium, one reply
 * shape at a time (bench/ui/reply-shapes.ts, streamed by bench/ui/shape-agent.ts), measuring what
 * a person feels: the renderer's longest main-thread task (PerformanceObserver 'longtask') while
 * the reply streams, when the page is reloaded onto it (a snapshot) and when it is scrolled; the
 * time from Enter until the reply is fully shown; and the renderer's JS heap after it.
 *
 * Each shape gets a fresh server and page, so one shape's heap or DOM cannot weigh on the next.
 * Timings are reported, never asserted (a loaded machine must not fail anything).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { REPLY_SHAPES } from './reply-shapes';

export interface ShapeFigures {
  shape: string;
  /** Longest main-thread task while streaming, after reload, while scrolling (ms; 0: none over 50). */
  streamLongestTaskMs: number;
  reloadLongestTaskMs: number;
  scrollLongestTaskMs: number;
  /** Tasks over 50 ms while streaming. */
  streamLongTasks: number;
  /** From Enter until the last assistant message is no longer busy (ms). */
  shownMs: number;
  /** Renderer JS heap after the reply (MB). */
  heapMb: number | null;
}

const CHROMIUM = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';
const SHOWN_TIMEOUT_MS = 300_000;
const ROOT = join(import.meta.dirname, '..', '..');

const LONG_TASKS_SCRIPT = `window.longTasks = [];
new PerformanceObserver((list) => list.getEntries().forEach((entry) => window.longTasks.push(entry.duration)))
  .observe({ type: 'longtask', buffered: true });`;

async function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const agent = `${process.execPath} --import tsx ${join(ROOT, 'bench', 'ui', 'shape-agent.ts')}`;
  const child = spawn(process.execPath, [join(ROOT, 'out', 'main', 'cli.js'), 'serve', '--port', '0', '--agent-cmd', agent], {
    cwd: ROOT,
    env: { ...process.env, SLUICE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let printed = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
      const match = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(printed);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`sluice serve exited (${code}) before printing its URL`)));
  });
  return { url, child };
}

async function takeLongTasks(page: Page): Promise<number[]> {
  return (await page.evaluate('window.longTasks.splice(0)')) as number[];
}

/** The page's DOM as the check below uses it (the bench is typed for Node, not the DOM). */
interface PageDocument {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
  querySelector(selector: string): unknown;
}

/**
 * Waits, cheaply (no text read), until the last assistant message is done. A function, not a
 * string: the page's CSP forbids evaluating strings.
 */
async function replyShown(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      const articles = doc.querySelectorAll('article[aria-label="Assistant message"]');
      const last = articles[articles.length - 1];
      return last !== undefined && last.getAttribute('aria-busy') === 'false' && doc.querySelector('article[aria-busy="true"]') === null;
    },
    undefined,
    { timeout: SHOWN_TIMEOUT_MS, polling: 50 },
  );
}

async function measureShape(name: string): Promise<ShapeFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-ui-bench-'));
  const server = await startServer(dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript({ content: LONG_TASKS_SCRIPT });
    await page.goto(server.url);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(name);
    await takeLongTasks(page);
    const sentAt = Date.now();
    await box.press('Enter');
    await page.waitForSelector('article[aria-label="Assistant message"]', { timeout: SHOWN_TIMEOUT_MS });
    await replyShown(page);
    const shownMs = Date.now() - sentAt;
    const streamTasks = await takeLongTasks(page);
    await page.waitForTimeout(1_000);
    const heap = (await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : null')) as number | null;

    await takeLongTasks(page);
    await page.evaluate(`(() => { const log = document.querySelector('section.transcript'); if (log) { log.scrollTop = 0; } })()`);
    await page.waitForTimeout(500);
    await page.evaluate(`(() => { const log = document.querySelector('section.transcript'); if (log) { log.scrollTop = log.scrollHeight; } })()`);
    await page.waitForTimeout(500);
    const scrollTasks = await takeLongTasks(page);

    await page.reload();
    await replyShown(page);
    await page.waitForTimeout(500);
    const reloadTasks = await takeLongTasks(page);

    return {
      shape: name,
      streamLongestTaskMs: Math.round(Math.max(0, ...streamTasks)),
      reloadLongestTaskMs: Math.round(Math.max(0, ...reloadTasks)),
      scrollLongestTaskMs: Math.round(Math.max(0, ...scrollTasks)),
      streamLongTasks: streamTasks.length,
      shownMs,
      heapMb: heap === null ? null : Math.round((heap / 1e6) * 10) / 10,
    };
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runUiBench(only?: readonly string[]): Promise<ShapeFigures[]> {
  const figures: ShapeFigures[] = [];
  for (const shape of REPLY_SHAPES) {
    if (only !== undefined && !only.includes(shape.name)) continue;
    figures.push(await measureShape(shape.name));
  }
  return figures;
}
