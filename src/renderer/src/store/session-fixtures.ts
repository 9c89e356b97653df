/**
 * Sessions and patch sequences for the store's tests, built with the shared constructors so
 * they track the contract as it changes.
 */

import type { ViewEvent } from '../../../shared/protocol';
import { emptySessionView, type SessionPatch, type SessionView } from '../../../shared/session-view';

export const SESSION_ID = 'sess-1';

export function simSession(overrides: Partial<SessionView> = {}): SessionView {
  return {
    ...emptySessionView(SESSION_ID, { kind: 'sim', label: 'Simulator', commandLine: 'sluice-sim' }, '/tmp/journal.ndjson'),
    ...overrides,
  };
}

export function snapshot(session: SessionView = simSession()): ViewEvent {
  return { kind: 'snapshot', session };
}

export function patches(list: SessionPatch[], sessionId = SESSION_ID): ViewEvent {
  return { kind: 'patches', sessionId, patches: list };
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
