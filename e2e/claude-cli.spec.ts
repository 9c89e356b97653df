/**
 * Journeys through the UI with the REAL `claude` CLI (the pinned devDependency) behind
 * `sluice serve --agent claude`, talking to the loopback mock of the Messages API
 * (testing/mock-anthropic-api, whose header lists the trigger words used here: SLOW, TOUCH,
 * AUTHFAIL).
 *
 * Each test gets its own mock (in this process, on 127.0.0.1), a throwaway HOME and working
 * directory for the CLI, and its own Sluice data dir; the fixture stops the server (and the CLI
 * with it) and the mock and removes the directories, whatever the test's outcome. Timeouts are
 * generous because the CLI takes a second or two to start on a 2-core machine; no test asserts
 * how fast anything is.
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { claudeEnv, DUMMY_API_KEY } from '../testing/mock-anthropic-api/claude-env';
import { FOLLOW_UP_PREFIX, SLOW_DELTAS, TEXT_REPLY, TOUCH_COMMAND } from '../testing/mock-anthropic-api/scenarios';
import { start, type MockAnthropicApi } from '../testing/mock-anthropic-api/server';
import { expect, firstSessionJournal, journaledText, startServe, type JournalRecord } from './sluice-server';

const claudeBin = join(process.cwd(), 'node_modules', '.bin', 'claude');
const claudePackage = join(process.cwd(), 'node_modules', '@anthropic-ai', 'claude-code', 'package.json');
const TEST_TIMEOUT_MS = 120_000;
/** The file the mock's TOUCH tool call creates in the CLI's working directory. */
const TOUCHED_FILE = TOUCH_COMMAND.replace(/^touch /, '');
/** The whole text of the mock's SLOW reply. */
const SLOW_TEXT = Array.from({ length: SLOW_DELTAS }, (_, i) => `word${i} `).join('');

interface ClaudeSluice {
  url: string;
  /** The CLI's working directory. */
  cwd: string;
  mock: MockAnthropicApi;
  journal(): JournalRecord[];
}

interface ClaudeOptions {
  /** The API key the CLI gets; null: no credentials at all. */
  apiKey: string | null;
}

const test = base.extend<ClaudeOptions & { claude: ClaudeSluice }>({
  apiKey: [DUMMY_API_KEY, { option: true }],
  claude: async ({ apiKey }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-e2e-claude-'));
    const [home, cwd, dataDir] = ['home', 'project', 'data'].map((name) => join(dir, name)) as [string, string, string];
    for (const path of [home, cwd, dataDir]) mkdirSync(path);
    const mock = await start();
    try {
      const env = claudeEnv({ baseUrl: mock.url, home, apiKey });
      const server = await startServe(dataDir, ['--agent', 'claude', '--claude-path', claudeBin], { env, cwd });
      try {
        await use({ url: server.url, cwd, mock, journal: () => firstSessionJournal(dataDir) });
      } finally {
        await server.stop();
      }
    } finally {
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
const assistant = (page: Page) => conversation(page).getByRole('article', { name: 'Assistant message' });
const ready = (page: Page) => page.getByRole('status').filter({ hasText: 'Ready' });
const approvalCard = (page: Page) => page.getByRole('dialog', { name: 'Approval needed' });

async function send(page: Page, text: string): Promise<void> {
  // The composer sends only to a ready agent (the real CLI takes a moment to start): an Enter
  // pressed before would leave the text in the box, as it would for a person.
  await expect(ready(page)).toBeVisible();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

function spawns(claude: ClaudeSluice): JournalRecord[] {
  return claude.journal().filter((record) => record.event === 'spawn');
}

function claudeVersion(): string {
  return (JSON.parse(readFileSync(claudePackage, 'utf8')) as { version: string }).version;
}

test.describe('the real claude CLI through the UI', () => {
  // A pinned devDependency: missing means a broken install, which must fail, never skip.
  test.beforeAll(() => {
    if (!existsSync(claudeBin)) throw new Error(`${claudeBin} is missing — run npm install`);
  });
  test.describe.configure({ timeout: TEST_TIMEOUT_MS });

  test('a streamed reply grows, completes with the mock’s text, names Claude Code and its version, and matches the journal', async ({ page, claude }) => {
    await page.goto(claude.url);
    await expect(page.locator('.app-header .agent-label')).toHaveText(`Claude Code ${claudeVersion()}`);
    await expect(page.locator('.app-header .pill-sim')).toHaveCount(0);
    await send(page, 'Tell me something SLOW');

    const reply = assistant(page);
    const text = reply.locator('.block-text');
    await expect(text).toContainText(/word\d+ /);
    const lengths: number[] = [];
    while ((await reply.getAttribute('aria-busy')) === 'true') {
      // Trailing whitespace aside: the finished render may drop the space a streamed word ends with.
      lengths.push((await text.innerText()).trimEnd().length);
      await page.waitForTimeout(100);
    }
    expect(new Set(lengths).size, 'the reply was seen at several lengths while streaming').toBeGreaterThan(3);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));

    await expect(ready(page)).toBeVisible();
    await expect(conversation(page).getByRole('article', { name: 'Your message' })).toHaveText('Tell me something SLOW');
    const shown = await text.innerText();
    expect(shown.trim()).toBe(SLOW_TEXT.trim());
    expect(journaledText(claude.journal())).toBe(SLOW_TEXT);
    expect(spawns(claude)).toEqual([expect.objectContaining({ command: claudeBin, cwd: claude.cwd })]);
    expect(claude.mock.messageRequests().map((request) => request.scenario)).toEqual(['slow']);
  });

  test('a second message gets its own answer from the same agent process', async ({ page, claude }) => {
    await page.goto(claude.url);
    await send(page, 'hello');
    await expect(assistant(page).first()).toHaveText(TEXT_REPLY);
    await expect(ready(page)).toBeVisible();

    await send(page, 'hello again');
    await expect(assistant(page)).toHaveCount(2);
    await expect(assistant(page).nth(1)).toHaveText(TEXT_REPLY);
    await expect(assistant(page).nth(1)).toHaveAttribute('aria-busy', 'false');
    await expect(ready(page)).toBeVisible();
    await expect(conversation(page).getByRole('article', { name: 'Your message' })).toHaveText(['hello', 'hello again']);

    expect(spawns(claude)).toHaveLength(1);
    expect(journaledText(claude.journal())).toBe(TEXT_REPLY + TEXT_REPLY);
    expect(claude.mock.messageRequests().map((request) => request.scenario)).toEqual(['text', 'text']);
  });

  test('a tool that needs permission asks with its name and input; Allow runs it and the turn completes', async ({ page, claude }) => {
    await page.goto(claude.url);
    await send(page, 'please TOUCH');
    const card = approvalCard(page);
    await expect(card.locator('.approval-tool')).toHaveText('Bash');
    await expect(card.getByLabel('Bash input')).toContainText(`"command": "${TOUCH_COMMAND}"`);
    expect(existsSync(join(claude.cwd, TOUCHED_FILE))).toBe(false);

    await card.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(card).toHaveCount(0);
    await expect(assistant(page).last()).toContainText(FOLLOW_UP_PREFIX);
    await expect(ready(page)).toBeVisible();
    expect(existsSync(join(claude.cwd, TOUCHED_FILE))).toBe(true);
    await expect(conversation(page).getByRole('group', { name: 'Tool call: Bash' })).toBeVisible();
    await expect(conversation(page).getByRole('article', { name: 'Tool result' })).not.toHaveClass(/is-error/);
    expect(claude.journal().filter((record) => record.event === 'approval').map((record) => record.behavior)).toEqual(['allow']);
    expect(claude.mock.messageRequests().map((request) => request.scenario)).toEqual(['touch', 'follow-up']);
  });

  test('Deny with a message tells the agent why, and the turn completes without running the tool', async ({ page, claude }) => {
    const why = 'Not in this folder, please.';
    await page.goto(claude.url);
    await send(page, 'please TOUCH');
    const card = approvalCard(page);
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    await card.getByRole('textbox', { name: 'Tell the agent why (optional)' }).fill(why);
    await card.getByRole('button', { name: 'Deny with message' }).click();

    await expect(card).toHaveCount(0);
    await expect(assistant(page).last()).toContainText(FOLLOW_UP_PREFIX);
    await expect(assistant(page).last()).toContainText(why);
    await expect(ready(page)).toBeVisible();
    const result = conversation(page).getByRole('article', { name: 'Tool result' });
    await expect(result).toHaveClass(/is-error/);
    // The output enters the page when the person opens the folded result.
    await result.locator('summary').click();
    await expect(result.locator('.tool-result-output')).toContainText(why);
    expect(existsSync(join(claude.cwd, TOUCHED_FILE))).toBe(false);
    expect(claude.journal().filter((record) => record.event === 'approval').map((record) => record.behavior)).toEqual(['deny']);
  });

  test('Escape stops a streaming reply, keeps its partial text marked Interrupted, and the same process answers next', async ({ page, claude }) => {
    await page.goto(claude.url);
    await send(page, 'go SLOW');
    const first = assistant(page).first();
    const partial = first.locator('.block-text');
    await expect(partial).toContainText('word0 word1 word2 word3 ');
    await expect(page.getByRole('button', { name: 'Interrupt', exact: true })).toBeVisible();
    await page.keyboard.press('Escape');

    await expect(first.getByText('Interrupted', { exact: true })).toBeVisible();
    await expect(ready(page)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Interrupt', exact: true })).toHaveCount(0);
    const atStop = (await partial.innerText()).trim();
    await page.waitForTimeout(500);
    expect((await partial.innerText()).trim(), 'the interrupted reply no longer grows').toBe(atStop);
    expect(SLOW_TEXT.startsWith(atStop)).toBe(true);
    expect(atStop.length).toBeLessThan(SLOW_TEXT.trim().length);
    expect(journaledText(claude.journal()).startsWith(atStop)).toBe(true);
    expect(claude.journal().filter((record) => record.event === 'interrupt').map((record) => record.step)).toEqual(['control_request']);

    await send(page, 'hi');
    await expect(conversation(page).getByRole('article', { name: 'Your message' })).toHaveCount(2);
    await expect(assistant(page).last()).toHaveText(TEXT_REPLY);
    await expect(assistant(page).last()).toHaveAttribute('aria-busy', 'false');
    await expect(ready(page)).toBeVisible();
    expect(spawns(claude)).toHaveLength(1);
  });

  test('an API key the API refuses is shown as auth-required with what to do', async ({ page, claude }) => {
    await page.goto(claude.url);
    await send(page, 'AUTHFAIL');
    const alert = page.getByRole('alert');
    await expect(alert.locator('.error-code')).toHaveText('auth-required');
    await expect(alert.locator('.banner-message')).toHaveText(
      'The API key was refused. Check or replace ANTHROPIC_API_KEY (or run `claude /login` to use your account).',
    );
    await expect(assistant(page).getByText('Failed', { exact: true })).toBeVisible();
    expect(claude.mock.messageRequests().map((request) => request.scenario)).toEqual(['auth-error']);
  });

  test.describe('without credentials', () => {
    test.use({ apiKey: null });

    test('the person is told to run claude /login or set ANTHROPIC_API_KEY, and the API is never called', async ({ page, claude }) => {
      await page.goto(claude.url);
      await send(page, 'hello');
      const alert = page.getByRole('alert');
      await expect(alert.locator('.error-code')).toHaveText('auth-required');
      await expect(alert.locator('.banner-message')).toHaveText('The agent is not logged in. Run `claude /login` in a terminal, or set ANTHROPIC_API_KEY.');
      await alert.getByText('Details').click();
      await expect(alert.locator('.banner-detail pre')).toContainText('Not logged in');
      await expect(ready(page)).toBeVisible();
      expect(claude.mock.messageRequests()).toEqual([]);
    });
  });
});
