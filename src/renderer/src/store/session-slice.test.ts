import { describe, expect, it } from 'vitest';
import { applyPatches, type AssistantMessage, type SessionPatch } from '../../../shared/session-view';
import { createAppStore } from './app-store';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import { HIDDEN_COMMIT_INTERVAL_MS } from './frame-commit';
import { patches, SESSION_ID, simSession, snapshot, turnPatches } from './session-fixtures';
import { MAX_QUEUED_PATCHES } from './session-slice';

function setup() {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: { send: async () => ({ turnId: 't' }), interrupt: async () => ({ accepted: true }) }, scheduler });
  let commits = 0;
  store.subscribe(() => commits++);
  return { scheduler, store, commits: () => commits };
}

describe('session slice', () => {
  it('shows the snapshot, then the snapshot with the patches applied', () => {
    const { scheduler, store } = setup();
    const base = simSession({ agentState: 'ready' });
    const turn = turnPatches('turn-1', 'hello', ['Hel', 'lo ', 'there\n']);

    store.getState().receive(snapshot(base));
    scheduler.runFrame();
    expect(store.getState().session).toBe(base);

    store.getState().receive(patches(turn));
    scheduler.runFrame();
    expect(store.getState().session).toEqual(applyPatches(base, turn));
    const assistant = store.getState().session?.messages[1] as AssistantMessage;
    expect(assistant.blocks[0]?.text).toBe('Hello there\n');
  });

  it('commits many patch batches received in one frame exactly once', () => {
    const { scheduler, store, commits } = setup();
    store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
    const turn = turnPatches('turn-1', 'hi', Array.from({ length: 200 }, (_, i) => `${i},`));
    for (const patch of turn) store.getState().receive(patches([patch]));
    expect(commits()).toBe(0);
    scheduler.runFrame();
    expect(commits()).toBe(1);
  });

  it('commits on the fallback timer when the window is hidden and no frame runs', () => {
    const { scheduler, store, commits } = setup();
    store.getState().receive(snapshot());
    scheduler.advance(HIDDEN_COMMIT_INTERVAL_MS);
    expect(commits()).toBe(1);
    expect(store.getState().session?.id).toBe(SESSION_ID);
  });

  it('ignores patches that arrive before any snapshot', () => {
    const { scheduler, store, commits } = setup();
    store.getState().receive(patches([{ op: 'agent-state', state: 'ready' }]));
    scheduler.runFrame();
    expect(commits()).toBe(0);
    expect(store.getState().session).toBeNull();
  });

  it('ignores patches for another session', () => {
    const { scheduler, store } = setup();
    const base = simSession();
    store.getState().receive(snapshot(base));
    store.getState().receive(patches([{ op: 'agent-state', state: 'ready' }], 'other-session'));
    scheduler.runFrame();
    expect(store.getState().session).toBe(base);
  });

  it('lets a new snapshot replace the session and drop patches queued before it', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession()));
    store.getState().receive(patches([{ op: 'agent-state', state: 'exited', exit: { code: 1, signal: null, stderrTail: '' } }]));
    const fresh = simSession({ agentState: 'ready' });
    store.getState().receive(snapshot(fresh));
    scheduler.runFrame();
    expect(store.getState().session).toBe(fresh);
  });

  it('keeps text exact when the queue overflows between two frames', () => {
    const { scheduler, store, commits } = setup();
    const base = simSession({ agentState: 'ready' });
    const chunks = Array.from({ length: MAX_QUEUED_PATCHES * 2 + 7 }, (_, i) => String.fromCharCode(97 + (i % 26)));
    const turn = turnPatches('turn-1', 'go', chunks);
    store.getState().receive(snapshot(base));
    for (const patch of turn) store.getState().receive(patches([patch]));
    scheduler.runFrame();
    expect(commits()).toBe(1);
    expect(store.getState().session).toEqual(applyPatches(base, turn));
  });

  it('keeps finished messages as the same objects while a later one streams', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
    store.getState().receive(patches(turnPatches('turn-1', 'one', ['first'])));
    scheduler.runFrame();
    const finished = store.getState().session?.messages.slice(0, 2);

    const second = turnPatches('turn-2', 'two', ['a', 'b']).slice(0, 5) satisfies SessionPatch[];
    store.getState().receive(patches(second));
    scheduler.runFrame();
    const messages = store.getState().session?.messages ?? [];
    expect(messages).toHaveLength(4);
    expect(messages[0]).toBe(finished?.[0]);
    expect(messages[1]).toBe(finished?.[1]);
  });

  it('commits connection changes at once, without waiting for a frame', () => {
    const { store, commits } = setup();
    store.getState().setConnection('open');
    expect(store.getState().connection).toBe('open');
    expect(commits()).toBe(1);
  });
});
