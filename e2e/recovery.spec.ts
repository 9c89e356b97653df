/**
 * Getting an answer back after it stopped, and answering the agent's questions, as a person
 * sees it: Continue joins a new answer to the cut-off one under a "Continued" divider; Retry
 * sends the prompt again (also after a crash); tool approvals appear as cards that take focus,
 * Allow and Deny reach the agent, and Escape in the deny form does not interrupt the turn; an
 * API retry is announced while the CLI waits.
 *
 * The simulator has no tool approvals or API retries, so those run against a tiny scripted
 * agent (`--agent-cmd`, written to a temp dir below) that speaks the same stream-json.
 */

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './sluice-server';

const LONG_PROMPT = '/sim words=3000 delay=20\nTell me everything';

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
const assistant = (page: Page) => conversation(page).getByRole('article', { name: 'Assistant message' });

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

async function interruptLongReply(page: Page, nth: number): Promise<void> {
  await send(page, LONG_PROMPT);
  await expect(assistant(page).nth(nth).locator('.block-text')).toContainText(/\S+ \S+ \S+ \S+/);
  await page.keyboard.press('Escape');
  await expect(assistant(page).nth(nth).getByText('Interrupted', { exact: true })).toBeVisible();
}

test.describe('continuing and retrying an interrupted answer', () => {
  test.use({ serveArgs: ['--agent', 'sim'] });

  test('Continue joins a new answer to the partial one; Retry sends the same prompt again', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await interruptLongReply(page, 0);
    const partial = assistant(page).first();
    await expect(partial.locator('.badge-detail')).toHaveText(/^[\d,]+ characters · \d+ blocks? · [\d.]+ s$/);

    const continueButton = page.getByRole('button', { name: 'Continue', exact: true });
    await expect(continueButton).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Retry', exact: true })).toHaveCount(1);
    await continueButton.click();

    await expect(conversation(page).getByRole('separator', { name: 'Continued' })).toBeVisible();
    await expect(assistant(page)).toHaveCount(2);
    const continuation = assistant(page).nth(1);
    await expect(continuation).toHaveAttribute('aria-busy', 'false');
    await expect(continuation).toHaveClass(/is-continuation/);
    await expect(continuation.locator('.block-text')).not.toBeEmpty();
    // Sluice's request is not shown as the person's message, and the offer is gone once used.
    await expect(conversation(page).getByRole('article', { name: 'Your message' })).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Continue', exact: true })).toHaveCount(0);
    // The quiet footer under the finished answer.
    await expect(conversation(page).locator('.turn-summary')).toHaveText(/^[\d.]+ s · [\d,]+ in \/ [\d,]+ out tokens · \$\d+\.\d{4}$/);
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();

    await interruptLongReply(page, 2);
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    const prompts = conversation(page).getByRole('article', { name: 'Your message' });
    await expect(prompts).toHaveCount(3);
    await expect(prompts.nth(2).locator('.retry-tag')).toHaveText('Retry');
    await expect(prompts.nth(2).locator('.bubble')).toHaveText(LONG_PROMPT);
    await expect(assistant(page).nth(3).locator('.block-text')).toContainText(/\S+ \S+ \S+ \S+/);
    await page.getByRole('button', { name: 'Interrupt', exact: true }).click();
    await expect(assistant(page).nth(3).getByText('Interrupted', { exact: true })).toBeVisible();

    const sent = sluice
      .journal()
      .filter((record) => record.dir === 'in')
      .map((record) => String(record.raw));
    expect(sent.filter((line) => line.includes('Tell me everything'))).toHaveLength(3);
    expect(sent.some((line) => line.includes('Continue it exactly where it stopped'))).toBe(true);
  });
});

test.describe('retrying after the agent crashed', () => {
  test.use({ serveArgs: ['--agent', 'sim', '--sim-args=--crash-after 5'] });

  test('Retry starts the agent again and sends the prompt; the crash repeats and is shown again', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await send(page, '/sim words=200\nTell me about sluices');
    await expect(page.getByRole('alert')).toContainText(/agent-crashed/i);
    await expect(assistant(page).first().getByText('Failed', { exact: true })).toBeVisible();
    await expect(page.getByRole('group', { name: 'This answer failed' })).toBeVisible();

    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await expect(assistant(page)).toHaveCount(2);
    const retried = conversation(page).getByRole('article', { name: 'Your message' }).nth(1);
    await expect(retried.locator('.retry-tag')).toHaveText('Retry');
    await expect(assistant(page).nth(1).getByText('Failed', { exact: true })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(/agent-crashed/i);
    // The first answer's offer moved to the newest failed answer.
    await expect(page.getByRole('button', { name: 'Retry', exact: true })).toHaveCount(1);

    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(assistant(page)).toHaveCount(3);
    await expect(conversation(page).getByRole('separator', { name: 'Continued' })).toBeVisible();
    await expect(assistant(page).nth(2).getByText('Failed', { exact: true })).toBeVisible();
    // One agent per attempt: the first, the retry's and the continuation's.
    expect(sluice.journal().filter((record) => record.event === 'spawn')).toHaveLength(3);
  });
});

/**
 * A scripted agent for what the simulator cannot do. Per prompt: `approve` asks to run a Bash
 * command and reports the answer; `retry <ms>` announces an API retry, then answers after <ms>;
 * anything else is answered at once. An interrupt withdraws a pending approval and aborts.
 */
const SCRIPTED_AGENT = String.raw`
import { createInterface } from 'node:readline';
const sessionId = '00000000-0000-4000-8000-00000000abcd';
let turn = 0;
let requests = 0;
let pending = null;
let timer = null;
const out = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const textOf = (content) => (typeof content === 'string' ? content : content.map((part) => part.text ?? '').join(''));
function answer(text) {
  out({ type: 'assistant', message: { id: 'msg_' + turn, type: 'message', role: 'assistant', model: 'scripted', content: [{ type: 'text', text }] }, parent_tool_use_id: null, session_id: sessionId });
  out({ type: 'result', subtype: 'success', is_error: false, duration_ms: 1234, num_turns: 1, result: text, session_id: sessionId, total_cost_usd: 0.0023 * turn, usage: { input_tokens: 120, output_tokens: 8 } });
}
function start(prompt) {
  turn += 1;
  out({ type: 'system', subtype: 'init', session_id: sessionId, model: 'scripted-1', cwd: process.cwd() });
  const retry = /^retry (\d+)/.exec(prompt);
  if (prompt.startsWith('approve')) {
    pending = 'req-' + ++requests;
    out({ type: 'control_request', request_id: pending, request: { subtype: 'can_use_tool', tool_name: 'Bash', description: 'List the project folders', input: { command: 'ls -la ~/projects', timeout: 120000 }, tool_use_id: 'toolu_' + requests } });
  } else if (retry) {
    out({ type: 'system', subtype: 'api_retry', attempt: 2, max_retries: 10, retry_delay_ms: 1100, error_status: 529, error: 'overloaded', session_id: sessionId });
    timer = setTimeout(() => answer('Recovered after the retry.'), Number(retry[1]));
  } else {
    answer('Scripted reply.');
  }
}
createInterface({ input: process.stdin }).on('line', (raw) => {
  let line;
  try { line = JSON.parse(raw); } catch { return; }
  if (line.type === 'user') start(textOf(line.message.content));
  else if (line.type === 'control_response' && line.response.request_id === pending) {
    const verdict = line.response.response;
    pending = null;
    answer(verdict.behavior === 'allow' ? 'Allowed: ran ' + verdict.updatedInput.command : 'Denied: ' + verdict.message);
  } else if (line.type === 'control_request' && line.request.subtype === 'interrupt') {
    out({ type: 'control_response', response: { subtype: 'success', request_id: line.request_id, response: {} } });
    if (timer) clearTimeout(timer);
    if (pending) out({ type: 'control_cancel_request', request_id: pending });
    pending = null;
    out({ type: 'result', subtype: 'error_during_execution', is_error: true, terminal_reason: 'aborted_streaming', duration_ms: 10, num_turns: 1, session_id: sessionId, usage: { input_tokens: 0, output_tokens: 0 } });
  }
}).on('close', () => process.exit(0));
`;

/** One fixed path, rewritten on each load: nothing piles up in the temp dir. */
function scriptedAgentCommand(): string {
  const script = join(tmpdir(), 'sluice-e2e-scripted-agent.mjs');
  writeFileSync(script, SCRIPTED_AGENT);
  return `${process.execPath} ${script}`;
}

test.describe('tool approvals and API retries', () => {
  test.use({ serveArgs: ['--agent-cmd', scriptedAgentCommand()] });

  const card = (page: Page) => page.getByRole('dialog', { name: 'Approval needed' });

  test('a card takes focus on Allow; Allow runs the tool with the proposed input', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await send(page, 'approve');
    await expect(card(page)).toBeVisible();
    await expect(card(page)).toContainText('Bash');
    await expect(card(page)).toContainText('List the project folders');
    await expect(card(page).locator('.approval-input')).toHaveText(/"command": "ls -la ~\/projects",\n {2}"timeout": 120000/);
    await expect(card(page).getByRole('button', { name: 'Allow' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(card(page)).toHaveCount(0);
    await expect(assistant(page)).toContainText('Allowed: ran ls -la ~/projects');
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
    expect(sluice.journal().filter((record) => record.event === 'approval').map((record) => record.behavior)).toEqual(['allow']);
  });

  test('Deny asks why; Escape closes only the deny form; Enter sends the message', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await send(page, 'approve');
    await card(page).getByRole('button', { name: 'Deny', exact: true }).click();
    const why = card(page).getByRole('textbox', { name: 'Tell the agent why (optional)' });
    await expect(why).toBeFocused();
    await why.fill('not that folder');
    await page.keyboard.press('Escape');
    await expect(why).toHaveCount(0);
    await expect(card(page).getByRole('button', { name: 'Deny', exact: true })).toBeFocused();
    await page.waitForTimeout(300);
    // Escape was the form's: the turn still waits for the answer.
    await expect(page.getByRole('button', { name: 'Interrupt', exact: true })).toBeVisible();
    expect(sluice.journal().filter((record) => record.event === 'interrupt')).toEqual([]);

    await card(page).getByRole('button', { name: 'Deny', exact: true }).click();
    await why.fill('not that folder');
    await why.press('Enter');
    await expect(card(page)).toHaveCount(0);
    await expect(assistant(page)).toContainText('Denied: not that folder');
  });

  test('the card leaves when the agent withdraws the request (Escape interrupts the turn)', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await send(page, 'approve');
    await expect(card(page).getByRole('button', { name: 'Allow' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(card(page)).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Ready' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
    expect(sluice.journal().filter((record) => record.event === 'approval')).toEqual([]);
  });

  test('an API retry is announced while the CLI waits, and cleared when the answer comes', async ({ page, sluice }) => {
    await page.goto(sluice.url);
    await send(page, 'retry 2500');
    const notice = page.getByRole('status').filter({ hasText: 'The model API failed' });
    await expect(notice).toHaveText('The model API failed (529) — retry 2 of 10 in 1.1 s');
    await expect(assistant(page)).toContainText('Recovered after the retry.');
    await expect(notice).toHaveCount(0);
  });
});
