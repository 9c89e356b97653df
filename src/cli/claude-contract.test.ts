/**
 * Contract tests: the REAL `claude` CLI (the pinned devDependency) driven through Sluice's own
 * Session pipeline, talking to the loopback mock of the Messages API
 * (testing/mock-anthropic-api, whose header lists the trigger words used here).
 *
 * They pin what Sluice relies on: the framing and order of the CLI's stream-json, that every
 * stdout line reaches the journal, interrupts, resume, auth failures and tool turns. Each test
 * has its own mock, HOME and working directory, and stops every process and server it started.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantMessage, ContentBlock, SessionView, ToolResultMessage } from '../shared/session-view';
import { claudeEnv } from '../../testing/mock-anthropic-api/claude-env';
import { FOLLOW_UP_PREFIX, TEXT_REPLY, THINK_REPLY, THINKING_TEXT, TOOL_COMMAND, TOUCH_COMMAND } from '../../testing/mock-anthropic-api/scenarios';
import { start, type MockAnthropicApi } from '../../testing/mock-anthropic-api/server';
import type { RunReport } from './run';
import { systemClock } from '../core/clock';
import { Session } from '../core/session/session';
import { CLAUDE_STREAM_ARGS, type AgentLaunch } from '../core/agent/agent-launch';
import { claudeVersion, findClaude } from '../core/agent/claude-discovery';

const projectDir = join(import.meta.dirname, '..', '..');
const claudeBin = join(projectDir, 'node_modules', '.bin', 'claude');
const PINNED_VERSION = '2.1.197';
const TEST_TIMEOUT_MS = 30_000;

interface JournalRecord {
  dir: 'in' | 'out' | 'event';
  raw?: string;
  event?: string;
  step?: string;
}

/** A parsed stdout line of the CLI, loosely typed: the tests check the fields they rely on. */
interface CliLine {
  type: string;
  subtype?: string;
  request_id?: string;
  request?: { subtype?: string; tool_name?: string; input?: { command?: string } };
  message?: { id?: string; content?: unknown };
  session_id?: string;
  is_error?: boolean;
  terminal_reason?: string;
}

let mock: MockAnthropicApi;
let dir: string;
let home: string;
let cwd: string;
let sessions: Session[] = [];
let children: ChildProcess[] = [];

beforeEach(async () => {
  mock = await start();
  dir = mkdtempSync(join(tmpdir(), 'sluice-claude-contract-'));
  home = join(dir, 'home');
  cwd = join(dir, 'project');
  mkdirSync(home);
  mkdirSync(cwd);
});

afterEach(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  sessions = [];
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children = [];
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

function claudeLaunch(options: { extraArgs?: string[]; apiKey?: string | null; captureStdoutTo?: string; promptTool?: boolean } = {}): AgentLaunch {
  // Sluice answers approvals itself (`--permission-prompt-tool stdio`); `promptTool: false` runs the CLI without it.
  const streamArgs = options.promptTool === false ? CLAUDE_STREAM_ARGS.filter((arg) => arg !== '--permission-prompt-tool' && arg !== 'stdio') : CLAUDE_STREAM_ARGS;
  const args = [...streamArgs, ...(options.extraArgs ?? [])];
  const env = claudeEnv({ baseUrl: mock.url, home, apiKey: options.apiKey });
  const info = { kind: 'claude' as const, label: `Claude Code ${PINNED_VERSION}`, commandLine: [claudeBin, ...args].join(' ') };
  if (options.captureStdoutTo === undefined) return { info, command: claudeBin, args, cwd, env };
  // A transparent tee in front of the pipeline: an independent copy of every stdout byte.
  return { info, command: '/bin/sh', args: ['-c', '"$0" "$@" | tee "$SLUICE_TEST_CAPTURE"', claudeBin, ...args], cwd, env: { ...env, SLUICE_TEST_CAPTURE: options.captureStdoutTo } };
}

function open(launch: AgentLaunch): Session {
  const session = new Session({ id: `contract-${sessions.length}`, launch, journalPath: join(dir, `journal-${sessions.length}.ndjson`), clock: systemClock });
  sessions.push(session);
  return session;
}

function journal(session: Session): JournalRecord[] {
  return readFileSync(session.journalPath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JournalRecord);
}

function stdoutLines(session: Session): CliLine[] {
  return journal(session).flatMap((record) => (record.dir === 'out' && record.raw !== undefined ? [JSON.parse(record.raw) as CliLine] : []));
}

function assistantMessages(view: SessionView, turnId: string): AssistantMessage[] {
  return view.messages.filter((message): message is AssistantMessage => message.role === 'assistant' && message.turnId === turnId);
}

function textOf(view: SessionView, turnId: string): string {
  return assistantMessages(view, turnId)
    .flatMap((message) => message.blocks.filter((block) => block.kind === 'text').map((block) => block.text))
    .join('');
}

function userTexts(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((block: { type?: string; text?: unknown }) => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : []));
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe(`the real claude CLI ${PINNED_VERSION} through a Session`, () => {
  // A pinned devDependency: missing means a broken install, which must fail, never skip.
  it('is installed (npm install puts it in node_modules/.bin)', () => {
    expect(() => findClaude({ explicitPath: claudeBin, env: process.env, projectDirs: [] })).not.toThrow();
  });

  it('reports the pinned version', async () => {
    expect(await claudeVersion(claudeBin)).toBe(PINNED_VERSION);
  });

  it('completes a streamed text turn whose text is the mock’s, with every stdout line journaled verbatim', { timeout: TEST_TIMEOUT_MS }, async () => {
    const capture = join(dir, 'stdout.capture');
    const session = open(claudeLaunch({ captureStdoutTo: capture }));
    const { turnId } = session.send('hello');
    const turn = await session.turnEnded(turnId);
    expect(turn).toMatchObject({ status: 'completed', summary: { numTurns: 1 } });
    const view = session.view;
    expect(textOf(view, turnId)).toBe(TEXT_REPLY);
    expect(view.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    await session.close();
    const journaled = journal(session).flatMap((record) => (record.dir === 'out' ? [record.raw] : []));
    expect(journaled).toEqual(readFileSync(capture, 'utf8').split('\n').slice(0, -1));
    expect(view.counters).toMatchObject({ lines: journaled.length, messages: journaled.length, parseErrors: 0 });
    const types = stdoutLines(session).map((line) => (line.type === 'system' ? `system/${line.subtype}` : line.type));
    expect(types[0]).toBe('system/init');
    expect(types.filter((type) => type === 'result')).toHaveLength(1);
    expect(types.indexOf('assistant')).toBeLessThan(types.indexOf('result'));
    expect(mock.messageRequests().map((request) => request.scenario)).toEqual(['text']);
  });

  it('runs two turns in one process, the second request carrying the first exchange', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch());
    const first = session.send('hello');
    expect((await session.turnEnded(first.turnId)).status).toBe('completed');
    const second = session.send('hello again');
    expect((await session.turnEnded(second.turnId)).status).toBe('completed');
    expect(textOf(session.view, second.turnId)).toBe(TEXT_REPLY);
    expect(journal(session).filter((record) => record.event === 'spawn')).toHaveLength(1);
    const messages = (mock.messageRequests()[1]?.body as { messages: { role: string; content: unknown }[] }).messages;
    expect(messages.filter((message) => message.role === 'user').flatMap((message) => userTexts(message.content))).toEqual(
      expect.arrayContaining(['hello', 'hello again']),
    );
    expect(messages.some((message) => message.role === 'assistant' && JSON.stringify(message.content).includes(TEXT_REPLY))).toBe(true);
  });

  it('streams a thinking block before the text', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch());
    const { turnId } = session.send('THINK first');
    expect((await session.turnEnded(turnId)).status).toBe('completed');
    const [message] = assistantMessages(session.view, turnId);
    expect(message?.blocks.map((block: ContentBlock) => [block.kind, block.text])).toEqual([
      ['thinking', THINKING_TEXT],
      ['text', THINK_REPLY],
    ]);
  });

  it('shows a Bash tool_use with its parsed input, the tool result, and the answer after it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch());
    const { turnId } = session.send('run the TOOL');
    expect(await session.turnEnded(turnId)).toMatchObject({ status: 'completed', summary: { numTurns: 2 } });
    const view = session.view;
    const toolUse = assistantMessages(view, turnId)
      .flatMap((message) => message.blocks)
      .find((block) => block.kind === 'tool_use');
    expect(toolUse).toMatchObject({ kind: 'tool_use', name: 'Bash', done: true });
    expect(toolUse?.kind === 'tool_use' && toolUse.inputError).toBeFalsy();
    expect(JSON.parse(toolUse?.text ?? '')).toEqual({ command: TOOL_COMMAND, description: 'Print a greeting' });
    const result = view.messages.find((message): message is ToolResultMessage => message.role === 'tool_result');
    expect(result).toMatchObject({ turnId, toolUseId: toolUse?.kind === 'tool_use' ? toolUse.toolUseId : '', text: 'hello-from-tool', isError: false });
    expect(textOf(view, turnId)).toBe(`${FOLLOW_UP_PREFIX}hello-from-tool`);
    expect(mock.messageRequests().map((request) => request.scenario)).toEqual(['tool', 'follow-up']);
  });

  it('interrupts a slow reply mid-stream: the turn ends interrupted and the same process answers the next turn', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch());
    const { turnId } = session.send('go SLOW');
    await until(() => textOf(session.view, turnId).length >= 'word0 word1 word2 word3 '.length, 'streamed text');
    expect(session.interrupt()).toEqual({ accepted: true });
    const turn = await session.turnEnded(turnId);
    expect(turn.status).toBe('interrupted');
    const shown = textOf(session.view, turnId);
    expect(assistantMessages(session.view, turnId)[0]?.status).toBe('interrupted');

    expect(journal(session).filter((record) => record.event === 'interrupt').map((record) => record.step)).toEqual(['control_request']);
    const lines = stdoutLines(session);
    const aborted = lines.find((line) => line.type === 'assistant');
    expect(userTexts(aborted?.message?.content).join('')).toBe(shown);
    expect(lines.some((line) => line.type === 'user' && userTexts(line.message?.content).includes('[Request interrupted by user]'))).toBe(true);
    expect(lines.find((line) => line.type === 'result')).toMatchObject({ subtype: 'error_during_execution', is_error: true, terminal_reason: 'aborted_streaming' });
    await until(() => mock.messageRequests()[0]?.outcome === 'client-closed', 'the CLI to drop the HTTP stream');

    expect(session.view.agentState).toBe('ready');
    const next = session.send('hi');
    expect((await session.turnEnded(next.turnId)).status).toBe('completed');
    expect(textOf(session.view, next.turnId)).toBe(TEXT_REPLY);
    expect(journal(session).filter((record) => record.event === 'spawn')).toHaveLength(1);
  });

  it('continues the same CLI session in a new Session with --resume, sending the prior history', { timeout: TEST_TIMEOUT_MS }, async () => {
    const first = open(claudeLaunch());
    const firstTurn = first.send('remember the word plum');
    expect((await first.turnEnded(firstTurn.turnId)).status).toBe('completed');
    const agentSessionId = first.view.agentSessionId as string;
    await first.close();

    const resumed = open(claudeLaunch({ extraArgs: ['--resume', agentSessionId] }));
    const { turnId } = resumed.send('what was the word?');
    expect((await resumed.turnEnded(turnId)).status).toBe('completed');
    expect(resumed.view.agentSessionId).toBe(agentSessionId);
    expect(stdoutLines(resumed).every((line) => line.session_id === undefined || line.session_id === agentSessionId)).toBe(true);
    const request = mock.messageRequests().at(-1);
    expect(request?.headers['x-claude-code-session-id']).toBe(agentSessionId);
    const history = JSON.stringify((request?.body as { messages: unknown }).messages);
    expect(history).toContain('remember the word plum');
    expect(history).toContain(TEXT_REPLY);
    expect(history).toContain('what was the word?');
  });

  it('ends the turn failed with auth-required when the API answers 401', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch());
    const { turnId } = session.send('AUTHFAIL');
    const turn = await session.turnEnded(turnId);
    expect(turn).toMatchObject({ status: 'failed', error: { code: 'auth-required' } });
    expect(turn.error?.detail).toContain('Invalid API key');
    expect(mock.messageRequests().map((request) => request.scenario)).toEqual(['auth-error']);
  });

  it('ends the turn failed with auth-required when there are no credentials at all, without calling the API', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch({ apiKey: null }));
    const { turnId } = session.send('hello');
    const turn = await session.turnEnded(turnId);
    expect(turn).toMatchObject({ status: 'failed', error: { code: 'auth-required' } });
    expect(turn.error?.detail).toContain('Not logged in');
    expect(mock.messageRequests()).toHaveLength(0);
  });

  it('denies a tool that needs approval when no prompt tool is set, and the turn still completes', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch({ promptTool: false }));
    const { turnId } = session.send('please TOUCH');
    expect((await session.turnEnded(turnId)).status).toBe('completed');
    const result = session.view.messages.find((message): message is ToolResultMessage => message.role === 'tool_result');
    expect(result?.isError).toBe(true);
    expect(existsSync(join(cwd, 'created-by-mock.txt'))).toBe(false);
  });

  it('runs the tool when the person allows it, and the turn completes', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch());
    const { turnId } = session.send('please TOUCH');
    await until(() => session.view.approvals.length === 1, 'the approval card');
    const [approval] = session.view.approvals;
    expect(approval).toMatchObject({ toolName: 'Bash', input: { command: TOUCH_COMMAND } });
    expect(session.approve({ requestId: approval?.requestId as string, behavior: 'allow' })).toEqual({ accepted: true });
    expect((await session.turnEnded(turnId)).status).toBe('completed');
    expect(session.view.approvals).toEqual([]);
    expect(existsSync(join(cwd, 'created-by-mock.txt'))).toBe(true);
  });

  it('tells the agent why when the person denies the tool, and the turn still completes', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch());
    const { turnId } = session.send('please TOUCH');
    await until(() => session.view.approvals.length === 1, 'the approval card');
    session.approve({ requestId: session.view.approvals[0]?.requestId as string, behavior: 'deny', message: 'Not in this folder, please.' });
    expect((await session.turnEnded(turnId)).status).toBe('completed');
    const result = session.view.messages.find((message): message is ToolResultMessage => message.role === 'tool_result');
    expect(result).toMatchObject({ isError: true, text: expect.stringContaining('Not in this folder, please.') });
    expect(existsSync(join(cwd, 'created-by-mock.txt'))).toBe(false);
    expect(session.approve({ requestId: 'gone', behavior: 'allow' })).toEqual({ accepted: false });
  });

  it('journals a can_use_tool request, and an interrupt withdraws it and closes the card', { timeout: TEST_TIMEOUT_MS }, async () => {
    const session = open(claudeLaunch());
    const { turnId } = session.send('please TOUCH');
    const permissionRequest = (): CliLine | undefined =>
      stdoutLines(session).find((line) => line.type === 'control_request' && line.request?.subtype === 'can_use_tool');
    await until(() => permissionRequest() !== undefined, 'the can_use_tool request');
    expect(permissionRequest()?.request).toMatchObject({ tool_name: 'Bash', input: { command: TOUCH_COMMAND } });

    session.interrupt();
    const turn = await session.turnEnded(turnId);
    expect(turn.status).toBe('interrupted');
    const lines = stdoutLines(session);
    expect(lines.find((line) => line.type === 'control_cancel_request')?.request_id).toBe(permissionRequest()?.request_id);
    expect(lines.find((line) => line.type === 'result')).toMatchObject({ terminal_reason: 'aborted_tools' });
    expect(existsSync(join(cwd, 'created-by-mock.txt'))).toBe(false);
    expect(session.view.approvals).toEqual([]);
  });

  it('prints a completed JSON report from `sluice run --agent claude`', { timeout: TEST_TIMEOUT_MS }, async () => {
    const dataDir = join(dir, 'data');
    const tsx = pathToFileURL(join(projectDir, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const main = join(projectDir, 'src', 'cli', 'main.ts');
    const child = spawn(process.execPath, ['--import', tsx, main, 'run', '--agent', 'claude', '--claude-path', claudeBin, '--prompt', 'hello', '--json'], {
      cwd,
      env: { ...claudeEnv({ baseUrl: mock.url, home }), SLUICE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout) as RunReport;
    expect(report).toMatchObject({ status: 'completed', assistantText: TEXT_REPLY, parseErrors: 0, exitCode: 0, error: null });
    expect(report.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.journal?.startsWith(dataDir)).toBe(true);
  });
});
