import { describe, expect, it } from 'vitest';
import { SluiceError, agentError } from '../../../shared/agent-error';
import type { SendRequest } from '../../../shared/protocol';
import { createAppStore } from './app-store';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import { fakeStoreApi, patches, simSession, snapshot } from './session-fixtures';

function readyStore(send: (request: SendRequest) => Promise<{ turnId: string }>) {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: fakeStoreApi({ send }), scheduler });
  store.getState().setConnection('open');
  store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
  scheduler.runFrame();
  return { store, scheduler };
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
