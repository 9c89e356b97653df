import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AssistantMessage } from '../../shared/session-view';
import type { AgentLaunch } from '../agent/agent-launch';
import { systemClock, type Clock } from '../clock';
import { Session } from './session';
import { simulatorFromSource as simulator } from '../agent/simulator-launch.test-support';
import { sessionHarness } from './session-harness.test-support';

/** Real time, but the session's own waits (escalation, close) run 20 times faster. */
const fastClock: Clock = { ...systemClock, setTimeout: (callback, ms) => setTimeout(callback, ms / 20) };

const harness = sessionHarness('interrupt');
const open = harness.open;

function interruptSteps(session: Session): string[] {
  return readFileSync(session.journalPath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { event?: string; step?: string })
    .filter((record) => record.event === 'interrupt')
    .map((record) => record.step as string);
}

async function untilText(session: Session, chars: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const message = session.view.messages.find((candidate): candidate is AssistantMessage => candidate.role === 'assistant');
    if ((message?.blocks[0]?.text.length ?? 0) >= chars) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no text arrived');
}

describe('Session interrupt', () => {
  it('ends the turn through the control request when the agent cooperates, and the agent stays alive', async () => {
    const session = open(simulator('--words', '2000', '--delay', '10'));
    const { turnId } = session.send('tell me everything');
    await untilText(session, 20);
    expect(session.interrupt()).toEqual({ accepted: true });
    const turn = await session.turnEnded(turnId);
    expect(turn.status).toBe('interrupted');
    expect(interruptSteps(session)).toEqual(['control_request']);
    expect(session.view.agentState).toBe('ready');
    expect(session.view.interrupt).toBeUndefined();
    const next = session.send('hi');
    expect((await session.turnEnded(next.turnId)).status).toBe('completed');
  });

  it('marks the text shown at the moment of the interrupt and keeps what arrives after it', async () => {
    const session = open(simulator('--words', '2000', '--delay', '10', '--ignore-interrupt', '--ignore-sigint'), fastClock);
    const { turnId } = session.send('tell me everything');
    await untilText(session, 20);
    session.interrupt();
    // The mark is published at once and shown once the journal holds what came before it.
    const markOf = (): number => session.view.messages.find((message): message is AssistantMessage => message.role === 'assistant')?.interruptMark?.[0] ?? -1;
    await vi.waitFor(() => expect(markOf()).toBeGreaterThanOrEqual(20));
    const mark = markOf();
    await session.turnEnded(turnId);
    const final = session.view.messages.find((message): message is AssistantMessage => message.role === 'assistant');
    expect(final?.interruptMark).toEqual([mark]);
    expect(final?.blocks[0]?.text.length).toBeGreaterThan(mark);
  });

  it('escalates to signals when the agent ignores the request, ending the turn as interrupted', async () => {
    const session = open(simulator('--words', '5000', '--delay', '10', '--ignore-interrupt', '--ignore-sigint'), fastClock);
    const { turnId } = session.send('go on forever');
    await untilText(session, 10);
    session.interrupt();
    const turn = await session.turnEnded(turnId);
    expect(turn.status).toBe('interrupted');
    expect(interruptSteps(session)).toEqual(['control_request', 'SIGINT', 'SIGTERM']);
    expect(session.view.agentState).toBe('exited');
  });

  it('reaches SIGKILL of the process group for an agent that ignores everything', async () => {
    const stubborn: AgentLaunch = {
      info: { kind: 'custom', label: 'Stubborn', commandLine: 'stubborn' },
      command: process.execPath,
      args: [
        '-e',
        `for (const s of ['SIGINT','SIGTERM']) process.on(s, () => {});
         process.stdin.once('data', () => setInterval(() => process.stdout.write(JSON.stringify({type:'stream_event',event:{type:'message_start',message:{id:'m'}}}) + '\\n'), 20));`,
      ],
      cwd: process.cwd(),
      env: process.env,
    };
    const session = open(stubborn, fastClock);
    const { turnId } = session.send('hi');
    await new Promise((resolve) => setTimeout(resolve, 300));
    session.interrupt();
    const turn = await session.turnEnded(turnId);
    expect(turn.status).toBe('interrupted');
    expect(interruptSteps(session)).toEqual(['control_request', 'SIGINT', 'SIGTERM', 'SIGKILL']);
    expect(session.view.exit?.signal).toBe('SIGKILL');
  });

  it('treats a hundred rapid presses as one interrupt, without errors or a stuck state', async () => {
    const session = open(simulator('--words', '2000', '--delay', '10'));
    const { turnId } = session.send('tell me everything');
    await untilText(session, 10);
    for (let i = 0; i < 100; i++) session.interrupt();
    const turn = await session.turnEnded(turnId);
    expect(turn.status).toBe('interrupted');
    expect(interruptSteps(session)).toEqual(['control_request']);
    expect(session.interrupt()).toEqual({ accepted: false });
    expect(session.view.interrupt).toBeUndefined();
  });

  it('refuses an interrupt when no turn is streaming', () => {
    const session = open(simulator());
    expect(session.interrupt()).toEqual({ accepted: false });
  });
});

describe('Session after the agent died', () => {
  it('starts the agent again for the next message, in the same session and journal', async () => {
    const session = open(simulator('--words', '3000', '--delay', '10', '--ignore-interrupt', '--ignore-sigint'), fastClock);
    const first = session.send('go on forever');
    await untilText(session, 10);
    session.interrupt();
    await session.turnEnded(first.turnId);
    expect(session.view.agentState).toBe('exited');
    const second = session.send('/sim words=5 delay=1\nhi');
    expect((await session.turnEnded(second.turnId)).status).toBe('completed');
    const spawns = readFileSync(session.journalPath, 'utf8').split('\n').filter((line) => line.includes('"event":"spawn"'));
    expect(spawns).toHaveLength(2);
  });
});

describe('Session continue, retry and stall', () => {
  it('continues an interrupted answer by quoting where it stopped, marked as a continuation', async () => {
    const session = open(simulator('--words', '400', '--delay', '10'));
    const first = session.send('tell me everything');
    await untilText(session, 30);
    session.interrupt();
    await session.turnEnded(first.turnId);
    const partial = session.view.messages.find((message): message is AssistantMessage => message.role === 'assistant')?.blocks[0]?.text ?? '';
    const next = session.continueTurn(first.turnId);
    expect((await session.turnEnded(next.turnId)).status).toBe('completed');
    const prompt = session.view.messages.find((message) => message.role === 'user' && message.turnId === next.turnId);
    expect(prompt?.role === 'user' && prompt.intent).toEqual({ kind: 'continue', of: first.turnId });
    expect(prompt?.role === 'user' && prompt.text).toContain(partial.slice(-100));
  });

  it('retries a turn with the same prompt', async () => {
    const session = open(simulator('--delay', '1'));
    const first = session.send('hi');
    await session.turnEnded(first.turnId);
    const again = session.retryTurn(first.turnId);
    await session.turnEnded(again.turnId);
    const prompts = session.view.messages.filter((message) => message.role === 'user');
    expect(prompts.map((message) => message.role === 'user' && message.text)).toEqual(['hi', 'hi']);
    expect(prompts[1]?.role === 'user' && prompts[1].intent).toEqual({ kind: 'retry', of: first.turnId });
  });

  it('refuses to continue a turn that is still streaming', async () => {
    const session = open(simulator('--words', '2000', '--delay', '10'));
    const first = session.send('tell me everything');
    expect(() => session.continueTurn(first.turnId)).toThrow(expect.objectContaining({ code: 'agent-busy' }));
  });

  it('shows a stall when the agent goes quiet during a turn, and clears it when output resumes', async () => {
    const session = new Session({
      id: 'stall',
      launch: simulator('--words', '6', '--chunk', '1', '--delay', '700'),
      journalPath: join(harness.dir, 'stall.ndjson'),
      clock: systemClock,
      stallMs: 250,
    });
    harness.adopt(session);
    const { turnId } = session.send('slowly');
    let sawStall = false;
    for (let i = 0; i < 200 && !sawStall; i++) {
      sawStall = session.view.stalledSince !== undefined;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(sawStall).toBe(true);
    await session.turnEnded(turnId);
    expect(session.view.stalledSince).toBeUndefined();
  });
});
