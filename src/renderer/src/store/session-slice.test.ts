import { describe, expect, it } from 'vitest';
import { applyPatches, type AssistantMessage, type SessionPatch } from '../../../shared/session-view';
import { createAppStore } from './app-store';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import { HIDDEN_COMMIT_INTERVAL_MS } from './frame-commit';
import { fakeStoreApi, flowSample, metrics, patches, SESSION_ID, simSession, snapshot, turnPatches } from './session-fixtures';
import { MAX_QUEUED_PATCHES } from './session-slice';

function setup() {
  const scheduler = fakeFrameScheduler();
  const api = fakeStoreApi();
  const store = createAppStore({ api, scheduler });
  let commits = 0;
  store.subscribe(() => commits++);
  return { scheduler, store, api, commits: () => commits };
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
    store.getState().receive(patches([{ op: 'agent-state', state: 'ready' }], { sessionId: 'other-session' }));
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

describe('credits', () => {
  it('grants one credit per frame, for the highest batch the commit applied, after the commit', () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(snapshot(simSession({ agentState: 'ready' }), { channel: 3, batch: 10 }));
    expect(api.credits).toEqual([]);
    scheduler.runFrame();
    expect(api.credits).toEqual([{ channel: 3, batch: 10 }]);

    let sessionAtCredit: unknown = null;
    const original = api.credit;
    api.credit = async (request) => {
      sessionAtCredit = store.getState().session;
      return original(request);
    };
    const turn = turnPatches('turn-1', 'hi', ['a', 'b', 'c']);
    turn.forEach((patch, i) => store.getState().receive(patches([patch], { batch: 11 + i })));
    expect(api.credits).toHaveLength(1);
    scheduler.runFrame();
    expect(api.credits).toEqual([
      { channel: 3, batch: 10 },
      { channel: 3, batch: 10 + turn.length },
    ]);
    // The credit went out once the session it acknowledges was in the store.
    expect(sessionAtCredit).toBe(store.getState().session);
  });

  it('does not credit again when a frame applied no new batch', () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(snapshot(simSession(), { batch: 0 }));
    scheduler.runFrame();
    store.getState().setDraft('typing does not commit a batch');
    store.getState().receive(metrics());
    scheduler.runFrame();
    expect(api.credits.map((credit) => credit.batch)).toEqual([0]);
  });

  it('credits a batch that carried no patches', () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(snapshot(simSession(), { batch: 0 }));
    scheduler.runFrame();
    store.getState().receive(patches([], { batch: 1, lines: [1, 1] }));
    scheduler.runFrame();
    expect(api.credits.map((credit) => credit.batch)).toEqual([0, 1]);
  });

  it('credits on the fallback timer too when the window is hidden', () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(snapshot(simSession(), { batch: 5 }));
    scheduler.advance(HIDDEN_COMMIT_INTERVAL_MS);
    expect(api.credits.map((credit) => credit.batch)).toEqual([5]);
  });

  it('withholds credits in slow-view mode, keeps committing, and grants the pending credit when it ends', () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(snapshot(simSession({ agentState: 'ready' }), { batch: 0 }));
    scheduler.runFrame();
    store.getState().setSlowView(true);
    store.getState().receive(patches([{ op: 'agent-state', state: 'ready' }], { batch: 1 }));
    scheduler.runFrame();
    store.getState().receive(patches([{ op: 'agent-state', state: 'exited' }], { batch: 2 }));
    scheduler.runFrame();
    expect(store.getState().session?.agentState).toBe('exited');
    expect(api.credits.map((credit) => credit.batch)).toEqual([0]);

    store.getState().setSlowView(false);
    expect(api.credits.map((credit) => credit.batch)).toEqual([0, 2]);
    scheduler.runFrame();
    expect(api.credits.map((credit) => credit.batch)).toEqual([0, 2]);
  });

  it('names the channel of the latest snapshot, and starts over with it', () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(snapshot(simSession(), { channel: 1, batch: 40 }));
    scheduler.runFrame();
    store.getState().receive(snapshot(simSession(), { channel: 2, batch: 3 }));
    scheduler.runFrame();
    expect(api.credits).toEqual([
      { channel: 1, batch: 40 },
      { channel: 2, batch: 3 },
    ]);
  });

  it('sends a refused credit again with the next commit', async () => {
    const { scheduler, store, api } = setup();
    let refuse = true;
    const original = api.credit;
    api.credit = async (request) => {
      if (refuse) throw new Error('disconnected');
      return original(request);
    };
    store.getState().receive(snapshot(simSession(), { batch: 7 }));
    scheduler.runFrame();
    await Promise.resolve();
    await Promise.resolve();
    refuse = false;
    store.getState().receive(metrics());
    scheduler.runFrame();
    expect(api.credits.map((credit) => credit.batch)).toEqual([7]);
  });

  it('grants no credit before a snapshot named a channel', () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(patches([], { batch: 1 }));
    scheduler.runFrame();
    expect(api.credits).toEqual([]);
  });
});

describe('flow accounting', () => {
  it('counts a skipped line range as lost and a contiguous stream as 0, committed with the frame', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession(), { lines: 4 }));
    store.getState().receive(patches([], { batch: 1, lines: [5, 9] }));
    store.getState().receive(metrics());
    scheduler.runFrame();
    expect(store.getState().flow.lostLines).toBe(0);
    store.getState().receive(patches([], { batch: 2, lines: [13, 20] }));
    expect(store.getState().flow.lostLines).toBe(0);
    scheduler.runFrame();
    expect(store.getState().flow).toMatchObject({ lostLines: 3, gaps: 1, newestLine: 20 });
  });

  it('moves the chart history version with each metrics sample, at most once per frame', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession()));
    store.getState().receive(metrics(flowSample({ t: 1_000 })));
    store.getState().receive(metrics(flowSample({ t: 1_250 })));
    const before = store.getState().flowHistoryVersion;
    scheduler.runFrame();
    expect(store.getState().flowHistoryVersion).toBe(before + 2);
    expect(store.getState().flow.sample?.t).toBe(1_250);
  });

  it('ignores metrics for another session', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession()));
    store.getState().receive(metrics(flowSample(), 'other-session'));
    scheduler.runFrame();
    expect(store.getState().flow.sample).toBeNull();
  });
});

describe('what a metrics sample touches', () => {
  it('commits the dashboard’s summary without giving the transcript a new session or messages', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
    scheduler.runFrame();
    const session = store.getState().session;
    store.getState().receive(metrics(flowSample({ linesPerSec: 10 })));
    scheduler.runFrame();
    expect(store.getState().session).toBe(session);
    expect(store.getState().flow.sample?.linesPerSec).toBe(10);
  });
});
