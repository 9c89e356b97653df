import { describe, expect, it } from 'vitest';
import { createAppStore } from './app-store';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import { fakeStoreApi, simSession, snapshot } from './session-fixtures';
import { LOAD_PROMPT, selectSimDirective } from './sim-slice';

function readyStore(kind: 'sim' | 'claude' = 'sim') {
  const scheduler = fakeFrameScheduler();
  const api = fakeStoreApi();
  const store = createAppStore({ api, scheduler });
  store.getState().setConnection('open');
  const base = simSession({ agentState: 'ready' });
  store.getState().receive(snapshot({ ...base, agent: { ...base.agent, kind } }));
  scheduler.runFrame();
  return { store, api };
}

describe('simulator controls', () => {
  it('sends the prompt as typed while nothing is set', async () => {
    const { store, api } = readyStore();
    store.getState().setDraft('hello');
    await store.getState().sendDraft();
    expect(api.sent).toEqual(['hello']);
  });

  it('puts the directive line first on the next prompt, and leaves the draft as typed', async () => {
    const { store, api } = readyStore();
    store.getState().setSimSettings({ words: 500, delay: 0, chunk: 8 });
    expect(selectSimDirective(store.getState())).toBe('/sim words=500 delay=0 chunk=8 stamp');
    store.getState().setDraft('go');
    await store.getState().sendDraft();
    expect(api.sent).toEqual(['/sim words=500 delay=0 chunk=8 stamp\ngo']);
  });

  it('lets a directive the person typed win', async () => {
    const { store, api } = readyStore();
    store.getState().setSimSettings({ words: 5 });
    store.getState().setDraft('/sim words=9\nmine');
    await store.getState().sendDraft();
    expect(api.sent).toEqual(['/sim words=9\nmine']);
  });

  it('clamps values to what the simulator accepts', () => {
    const { store } = readyStore();
    store.getState().setSimSettings({ words: 0, delay: -5, chunk: 2.6, stamp: false });
    expect(selectSimDirective(store.getState())).toBe('/sim words=1 delay=0 chunk=3');
  });

  it('never sends a directive to a real agent', () => {
    const { store } = readyStore('claude');
    store.getState().setSimSettings({ words: 5 });
    expect(selectSimDirective(store.getState())).toBeNull();
  });

  it('runs a load prompt without touching the draft', async () => {
    const { store, api } = readyStore();
    store.getState().setDraft('half-written');
    await expect(store.getState().sendPrompt(LOAD_PROMPT)).resolves.toBe(true);
    expect(api.sent).toEqual([LOAD_PROMPT]);
    expect(store.getState().draft).toBe('half-written');
  });
});
