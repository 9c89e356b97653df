/**
 * Sessions and patch sequences for the store's tests, built with the shared constructors so
 * they track the contract as it changes.
 */

import type { ApprovalAnswer, FlowSample, SessionRequest, SessionSettings, SessionSummary, SettingsChange, TurnRequest, ViewEvent } from '../../../shared/protocol';
import { emptySessionView, type SessionPatch, type SessionView } from '../../../shared/session-view';
import type { StoreCommands } from './app-store';

export const SESSION_ID = 'sess-1';

export function simSession(overrides: Partial<SessionView> = {}): SessionView {
  return {
    ...emptySessionView(SESSION_ID, { kind: 'sim', label: 'Simulator', commandLine: 'sluice-sim' }, '/tmp/journal.ndjson'),
    ...overrides,
  };
}

export const CHANNEL = 7;

export interface SnapshotOptions {
  channel?: number;
  batch?: number;
  lines?: number;
}

export function snapshot(session: SessionView = simSession(), options: SnapshotOptions = {}): ViewEvent {
  return { kind: 'snapshot', session, channel: options.channel ?? CHANNEL, batch: options.batch ?? 0, lines: options.lines ?? 0 };
}

export interface PatchesOptions {
  sessionId?: string;
  batch?: number;
  lines?: [first: number, last: number] | null;
  agentStamps?: number[];
}

/** A patches event; batch 1 covering no lines unless told otherwise. */
export function patches(list: SessionPatch[], options: PatchesOptions = {}): ViewEvent {
  return {
    kind: 'patches',
    sessionId: options.sessionId ?? SESSION_ID,
    patches: list,
    batch: options.batch ?? 1,
    lines: options.lines ?? null,
    agentStamps: options.agentStamps ?? [],
  };
}

/** A flow sample with quiet defaults; tests override what they look at. */
export function flowSample(overrides: Partial<FlowSample> = {}): FlowSample {
  return {
    t: 1_000,
    linesPerSec: 0,
    bytesPerSec: 0,
    queueBytes: 0,
    queuePatches: 0,
    lowWatermarkBytes: 256 * 1024,
    highWatermarkBytes: 1024 * 1024,
    hardCapBytes: 8 * 1024 * 1024,
    paused: false,
    creditStarved: false,
    pauses: 0,
    coalescedPatches: 0,
    journaledLines: 0,
    deliveredLines: 0,
    mainRssBytes: 100e6,
    mainHeapUsedBytes: 20e6,
    loopLagMs: 1,
    ...overrides,
  };
}

export function metrics(sample: FlowSample = flowSample(), sessionId = SESSION_ID): ViewEvent {
  return { kind: 'metrics', sessionId, sample };
}

export type StoreApiFake = StoreCommands & {
  readonly sent: string[];
  readonly credits: Array<{ channel: number; batch: number }>;
  /** Every continue, retry, approve, open, new, settings and folder call, in order. */
  readonly calls: RecordedCall[];
  /** How many times the session list was asked for (kept apart: refreshes happen on their own). */
  readonly listCalls: () => number;
};

export type RecordedCall =
  | { command: 'continueTurn'; request: TurnRequest }
  | { command: 'retryTurn'; request: TurnRequest }
  | { command: 'approve'; request: ApprovalAnswer }
  | { command: 'openSession'; request: SessionRequest }
  | { command: 'newSession'; request?: SessionSettings }
  | { command: 'changeSettings'; request: SettingsChange }
  | { command: 'pickFolder' };

/** The commands a store may call, recording what it was asked. */
export function fakeStoreApi(overrides: Partial<StoreCommands> = {}): StoreApiFake {
  const sent: string[] = [];
  const credits: Array<{ channel: number; batch: number }> = [];
  const calls: RecordedCall[] = [];
  let listCalls = 0;
  return {
    sent,
    credits,
    calls,
    listCalls: () => listCalls,
    send:
      overrides.send ??
      (async ({ text }) => {
        sent.push(text);
        return { turnId: `turn-${sent.length}` };
      }),
    interrupt: overrides.interrupt ?? (async () => ({ accepted: true })),
    credit:
      overrides.credit ??
      (async (request) => {
        credits.push(request);
        return { ok: true };
      }),
    continueTurn:
      overrides.continueTurn ??
      (async (request) => {
        calls.push({ command: 'continueTurn', request });
        return { turnId: `turn-c${calls.length}` };
      }),
    retryTurn:
      overrides.retryTurn ??
      (async (request) => {
        calls.push({ command: 'retryTurn', request });
        return { turnId: `turn-r${calls.length}` };
      }),
    approve:
      overrides.approve ??
      (async (request) => {
        calls.push({ command: 'approve', request });
        return { accepted: true };
      }),
    listSessions:
      overrides.listSessions ??
      (async () => {
        listCalls += 1;
        return { sessions: [sessionSummary()], activeId: SESSION_ID };
      }),
    openSession:
      overrides.openSession ??
      (async (request) => {
        calls.push({ command: 'openSession', request });
        return { id: request.id };
      }),
    newSession:
      overrides.newSession ??
      (async (settings) => {
        calls.push(settings === undefined ? { command: 'newSession' } : { command: 'newSession', request: settings });
        return { id: 'sess-new' };
      }),
    changeSettings:
      overrides.changeSettings ??
      (async (request) => {
        calls.push({ command: 'changeSettings', request });
        return { settings: { cwd: '/work', ...request } };
      }),
    pickFolder:
      overrides.pickFolder ??
      (async () => {
        calls.push({ command: 'pickFolder' });
        return { path: '/home/me/picked' };
      }),
  };
}

/** One entry of the session list; the fixture session, live and active, unless told otherwise. */
export function sessionSummary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return { id: SESSION_ID, title: 'Tell me about rivers', live: true, streaming: false, active: true, lastStatus: 'completed', ...overrides };
}

export function sessionsEvent(sessions: SessionSummary[], activeId: string): ViewEvent {
  return { kind: 'sessions', sessions, activeId };
}

/** One whole turn: the user's message, then an assistant text block streamed in `chunks`. */
export function turnPatches(turnId: string, prompt: string, chunks: string[]): SessionPatch[] {
  const messageId = `msg-${turnId}`;
  return [
    { op: 'turn-start', turn: { id: turnId, status: 'streaming', startedAt: 1 } },
    { op: 'user-message', message: { role: 'user', id: `${turnId}:user`, turnId, text: prompt, at: 1 } },
    { op: 'assistant-start', message: { role: 'assistant', id: messageId, turnId, blocks: [], status: 'streaming', at: 2 } },
    { op: 'block-start', messageId, index: 0, block: { kind: 'text', text: '', done: false } },
    ...chunks.map((text): SessionPatch => ({ op: 'block-append', messageId, index: 0, text })),
    { op: 'block-end', messageId, index: 0 },
    { op: 'assistant-end', messageId, status: 'complete' },
    { op: 'turn-end', turnId, status: 'completed', endedAt: 3 },
  ];
}
