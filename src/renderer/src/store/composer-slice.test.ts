import { describe, expect, it } from 'vitest';
import { SluiceError, agentError } from '../../../shared/agent-error';
import type { SendRequest } from '../../../shared/protocol';
import { createAppStore } from './app-store';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import { selectStreamingState } from './selectors';
import { fakeStoreApi, patches, simSession, snapshot } from './session-fixtures';

function readyStore(send: (request: SendRequest) => Promise<{ turnId: string }>, agentState: 'ready' | 'starting' = 'ready') {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: fakeStoreApi({ send }), scheduler });
  store.getState().setConnection('open');
  store.getState().receive(snapshot(simSession({ agentState })));
  scheduler.runFrame();
  return { store, scheduler };
}

/** A store whose agent is still starting, and what it sent. */
function startingStore() {
  const sent: string[] = [];
  const { store, scheduler } = readyStore(async ({ text }) => {
    sent.push(text);
    return { turnId: `turn-${sent.length}` };
  }, 'starting');
  const agentBecomes = (state: 'starting' | 'ready' | 'exited'): void => {
    store.getState().receive(patches([{ op: 'agent-state', state }]));
    scheduler.runFrame();
  };
  return { store, sent, agentBecomes, scheduler };
}

describe('composer slice', () => {
  it('sends the draft exactly as typed and clears it', async () => {
    const sent: string[] = [];
    const { store } = readyStore(async ({ text }) => {
      sent.push(text);
      return { turnId: 'turn-1' };
    });
    store.getState().setDraft('  two\nlines  ');
    await expect(store.getState().sendDraft()).resolves.toBe(true);
    expect(sent).toEqual(['  two\nlines  ']);
    expect(store.getState().draft).toBe('');
    expect(store.getState().sending).toBe(false);
  });

  it('refuses a blank draft', async () => {
    let calls = 0;
    const { store } = readyStore(async () => ({ turnId: String(++calls) }));
    store.getState().setDraft(' \n\t ');
    await expect(store.getState().sendDraft()).resolves.toBe(false);
    expect(calls).toBe(0);
  });

  it('refuses to send while a turn streams', async () => {
    let calls = 0;
    const { store, scheduler } = readyStore(async () => ({ turnId: String(++calls) }));
    store.getState().receive(patches([{ op: 'turn-start', turn: { id: 'turn-1', status: 'streaming', startedAt: 1 } }]));
    scheduler.runFrame();
    store.getState().setDraft('again');
    await expect(store.getState().sendDraft()).resolves.toBe(false);
    expect(calls).toBe(0);
  });

  it('sends once when asked twice before the reply', async () => {
    let calls = 0;
    const { store } = readyStore(async () => ({ turnId: String(++calls) }));
    store.getState().setDraft('once');
    const first = store.getState().sendDraft();
    const second = store.getState().sendDraft();
    await Promise.all([first, second]);
    expect(calls).toBe(1);
  });

  it('holds a message sent while the agent starts, and sends it, as it then reads, once the agent is ready', async () => {
    const { store, sent, agentBecomes } = startingStore();
    store.getState().setDraft('first words');
    await expect(store.getState().sendDraft()).resolves.toBe(false);
    expect(store.getState().sendWhenReady).toBe(store.getState().session?.id);
    expect(store.getState().draft).toBe('first words');
    store.getState().setDraft('first words, edited');
    expect(sent).toEqual([]);
    agentBecomes('ready');
    await Promise.resolve();
    expect(sent).toEqual(['first words, edited']);
    expect(store.getState().draft).toBe('');
    expect(store.getState().sendWhenReady).toBeNull();
  });

  it('drops a held message, keeping the draft, when the agent exits, the draft is emptied, another session opens or the person cancels', async () => {
    const exits = startingStore();
    exits.store.getState().setDraft('hello');
    await exits.store.getState().sendDraft();
    exits.agentBecomes('exited');
    expect(exits.store.getState().sendWhenReady).toBeNull();
    expect(exits.store.getState().draft).toBe('hello');
    expect(exits.sent).toEqual([]);

    const emptied = startingStore();
    emptied.store.getState().setDraft('hello');
    await emptied.store.getState().sendDraft();
    emptied.store.getState().setDraft('  ');
    expect(emptied.store.getState().sendWhenReady).toBeNull();
    emptied.agentBecomes('ready');
    expect(emptied.sent).toEqual([]);

    const switched = startingStore();
    switched.store.getState().setDraft('for the first session');
    await switched.store.getState().sendDraft();
    switched.store.getState().receive(snapshot(simSession({ id: 'another-session', agentState: 'ready' })));
    switched.scheduler.runFrame();
    expect(switched.store.getState().sendWhenReady).toBeNull();
    expect(switched.sent).toEqual([]);

    const cancelled = startingStore();
    cancelled.store.getState().setDraft('hello');
    await cancelled.store.getState().sendDraft();
    cancelled.store.getState().cancelSendWhenReady();
    cancelled.agentBecomes('ready');
    expect(cancelled.sent).toEqual([]);
    expect(cancelled.store.getState().draft).toBe('hello');
  });

  it('does not hold a message while the agent starts for a turn already running', async () => {
    const { store, sent, agentBecomes } = startingStore();
    store.getState().receive(patches([{ op: 'turn-start', turn: { id: 'turn-1', status: 'streaming', startedAt: 1 } }]));
    agentBecomes('starting');
    expect(selectStreamingState(store.getState())).toBe('starting');
    store.getState().setDraft('next');
    await expect(store.getState().sendDraft()).resolves.toBe(false);
    expect(store.getState().sendWhenReady).toBeNull();
    expect(sent).toEqual([]);
  });

  it('puts the text back and keeps the typed error code when the core refuses it', async () => {
    const { store } = readyStore(async () => {
      throw new SluiceError(agentError('agent-busy', 'The agent is still answering.'));
    });
    store.getState().setDraft('hello');
    await expect(store.getState().sendDraft()).resolves.toBe(false);
    expect(store.getState().draft).toBe('hello');
    expect(store.getState().sendError).toEqual({ code: 'agent-busy', message: 'The agent is still answering.' });
  });
});
