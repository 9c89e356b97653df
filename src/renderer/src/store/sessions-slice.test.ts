import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../shared/protocol';
import { createAppStore } from './app-store';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import {
  fakeStoreApi,
  flowSample,
  metrics,
  patches,
  SESSION_ID,
  sessionsEvent,
  sessionSummary,
  simSession,
  snapshot,
  turnPatches,
  type StoreApiFake,
} from './session-fixtures';
import { NEW_SESSION_SWITCH } from './sessions-slice';

const OTHER_ID = 'sess-2';

function setup(api: StoreApiFake = fakeStoreApi()) {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api, scheduler, readHeap: () => null });
  return { scheduler, store, api };
}

/** Lets the promise chains of an action settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

const listed: SessionSummary[] = [
  sessionSummary({ id: OTHER_ID, title: 'Second', active: true, lastStatus: undefined }),
  sessionSummary({ active: false }),
];

describe('sessions slice: the list', () => {
  it('commits a sessions event together with the snapshot of the newly active session', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession()));
    scheduler.runFrame();
    let commits = 0;
    store.subscribe(() => commits++);

    store.getState().receive(snapshot(simSession({ id: OTHER_ID }), { channel: 9 }));
    store.getState().receive(sessionsEvent(listed, OTHER_ID));
    expect(store.getState().sessions).toEqual([]);
    scheduler.runFrame();
    expect(commits).toBe(1);
    expect(store.getState().sessions).toEqual(listed);
    expect(store.getState().activeSessionId).toBe(OTHER_ID);
    expect(store.getState().session?.id).toBe(OTHER_ID);
  });

  it('takes the active session from every snapshot, even before any list', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession()));
    scheduler.runFrame();
    expect(store.getState().activeSessionId).toBe(SESSION_ID);
  });

  it('loads the list on request', async () => {
    const { store, api } = setup();
    await store.getState().refreshSessions();
    expect(api.listCalls()).toBe(1);
    expect(store.getState().sessions).toEqual([sessionSummary()]);
    expect(store.getState().activeSessionId).toBe(SESSION_ID);
  });

  it('drops a list reply overtaken by a sessions event', async () => {
    let answer: (value: { sessions: SessionSummary[]; activeId: string }) => void = () => {};
    const api = fakeStoreApi({ listSessions: () => new Promise((resolve) => (answer = resolve)) });
    const { scheduler, store } = setup(api);
    const refresh = store.getState().refreshSessions();
    store.getState().receive(sessionsEvent(listed, OTHER_ID));
    scheduler.runFrame();
    answer({ sessions: [sessionSummary()], activeId: SESSION_ID });
    await refresh;
    expect(store.getState().sessions).toEqual(listed);
    expect(store.getState().activeSessionId).toBe(OTHER_ID);
  });

  it('keeps the list it had when a refresh fails', async () => {
    const api = fakeStoreApi({ listSessions: () => Promise.reject(new Error('disconnected')) });
    const { scheduler, store } = setup(api);
    store.getState().receive(sessionsEvent(listed, OTHER_ID));
    scheduler.runFrame();
    await store.getState().refreshSessions();
    expect(store.getState().sessions).toEqual(listed);
  });

  it('asks for the list again when the active session’s last turn starts or ends, not on every patch', async () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
    scheduler.runFrame();
    const turn = turnPatches('turn-1', 'hi', ['a', 'b', 'c']);
    const ending = turn.length - 1;
    store.getState().receive(patches(turn.slice(0, 4), { batch: 1 }));
    scheduler.runFrame();
    await settle();
    expect(api.listCalls()).toBe(1);
    for (const [i, patch] of turn.slice(4, ending).entries()) {
      store.getState().receive(patches([patch], { batch: 2 + i }));
      scheduler.runFrame();
    }
    await settle();
    expect(api.listCalls()).toBe(1);
    store.getState().receive(patches(turn.slice(ending), { batch: 10 }));
    scheduler.runFrame();
    await settle();
    expect(api.listCalls()).toBe(2);
  });
});

describe('sessions slice: a snapshot of another session', () => {
  it('replaces the view cleanly: flow and loss accounting start over, errors go, the draft stays', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession({ agentState: 'ready' }), { lines: 4 }));
    store.getState().receive(patches([], { batch: 1, lines: [9, 12] }));
    store.getState().receive(metrics(flowSample({ t: 1_000, linesPerSec: 50 })));
    scheduler.runFrame();
    expect(store.getState().flow).toMatchObject({ lostLines: 4, gaps: 1, batches: 1 });
    expect(store.getState().flowHistory.size).toBe(1);
    store.getState().setDraft('half a thought');
    store.setState({ sendError: { code: 'agent-busy', message: 'Still answering.' }, approvalError: { requestId: 'r', code: 'x', message: 'y' } });

    store.getState().receive(snapshot(simSession({ id: OTHER_ID, agentState: 'exited' }), { channel: 12, lines: 30 }));
    scheduler.runFrame();
    const state = store.getState();
    expect(state.session?.id).toBe(OTHER_ID);
    expect(state.flow).toMatchObject({ lostLines: 0, gaps: 0, repeatedLines: 0, batches: 0, sample: null, newestLine: 30, contiguousLine: 30 });
    expect(state.flowHistory.size).toBe(0);
    expect(state.sendError).toBeNull();
    expect(state.approvalError).toBeNull();
    expect(state.draft).toBe('half a thought');
  });

  it('ignores the old session’s late patches and metrics, and credits on the new channel', () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(snapshot(simSession({ agentState: 'ready' }), { channel: 3, batch: 0 }));
    scheduler.runFrame();
    const fresh = simSession({ id: OTHER_ID, agentState: 'ready' });
    store.getState().receive(snapshot(fresh, { channel: 4, batch: 0 }));
    store.getState().receive(patches(turnPatches('turn-1', 'old', ['late']), { batch: 5 }));
    store.getState().receive(metrics(flowSample(), SESSION_ID));
    scheduler.runFrame();
    expect(store.getState().session).toBe(fresh);
    expect(store.getState().flow.sample).toBeNull();
    expect(api.credits).toEqual([
      { channel: 3, batch: 0 },
      { channel: 4, batch: 0 },
    ]);
  });

  it('keeps loss counts and the error over a reconnection to the same session', () => {
    const { scheduler, store } = setup();
    store.getState().receive(snapshot(simSession(), { lines: 4 }));
    store.getState().receive(patches([], { batch: 1, lines: [9, 12] }));
    scheduler.runFrame();
    store.setState({ sendError: { code: 'disconnected', message: 'Dropped.' } });
    store.getState().receive(snapshot(simSession(), { channel: 8, lines: 20 }));
    scheduler.runFrame();
    expect(store.getState().flow.lostLines).toBe(4);
    expect(store.getState().sendError).not.toBeNull();
  });
});

describe('sessions slice: switching', () => {
  it('opens another session once, whatever the clicks, and marks the switch while it runs', async () => {
    const { store, api } = setup();
    const first = store.getState().openSession(OTHER_ID);
    expect(store.getState().sessionSwitch).toBe(OTHER_ID);
    const second = store.getState().openSession(OTHER_ID);
    await expect(first).resolves.toBe(true);
    await expect(second).resolves.toBe(false);
    expect(api.calls).toEqual([{ command: 'openSession', request: { id: OTHER_ID } }]);
    expect(store.getState().sessionSwitch).toBeNull();
  });

  it('does not ask to open the session already shown', async () => {
    const { scheduler, store, api } = setup();
    store.getState().receive(snapshot(simSession()));
    scheduler.runFrame();
    await expect(store.getState().openSession(SESSION_ID)).resolves.toBe(false);
    expect(api.calls).toEqual([]);
  });

  it('shows a refused switch as the sidebar’s error, and clears it with the next try', async () => {
    const refusal = Object.assign(new Error('There is no session gone to open.'), { code: 'invalid-request' });
    const api = fakeStoreApi({ openSession: () => Promise.reject(refusal) });
    const { store } = setup(api);
    await expect(store.getState().openSession('gone')).resolves.toBe(false);
    expect(store.getState().sessionsError).toEqual({ code: 'invalid-request', message: 'There is no session gone to open.' });
    expect(store.getState().sessionSwitch).toBeNull();
    await store.getState().newSession();
    expect(store.getState().sessionsError).toBeNull();
  });

  it('creates a new session', async () => {
    const { store, api } = setup();
    const created = store.getState().newSession();
    expect(store.getState().sessionSwitch).toBe(NEW_SESSION_SWITCH);
    await expect(created).resolves.toBe(true);
    expect(api.calls).toEqual([{ command: 'newSession', request: {} }]);
  });
});

describe('sessions slice: the New session dialog', () => {
  const refused = (message: string, code = 'invalid-request') => Object.assign(new Error(message), { code });

  it('starts a session with the dialog’s settings and closes the dialog', async () => {
    const { store, api } = setup();
    store.getState().openNewSessionDialog();
    const started = store.getState().startSession({ cwd: '/work/app', model: 'sonnet', permissionMode: 'plan' });
    expect(store.getState().sessionSwitch).toBe(NEW_SESSION_SWITCH);
    await expect(started).resolves.toBe(true);
    expect(api.calls).toEqual([{ command: 'newSession', request: { cwd: '/work/app', model: 'sonnet', permissionMode: 'plan' } }]);
    expect(store.getState().newSessionDialogOpen).toBe(false);
  });

  it('keeps the dialog open on a refusal and ties the error to the field its message names', async () => {
    const api = fakeStoreApi({ newSession: () => Promise.reject(refused('Working directory: /nope does not exist (or Sluice may not read it).')) });
    const { store } = setup(api);
    store.getState().openNewSessionDialog();
    await expect(store.getState().startSession({ cwd: '/nope' })).resolves.toBe(false);
    expect(store.getState()).toMatchObject({
      newSessionDialogOpen: true,
      sessionSwitch: null,
      sessionsError: null,
      newSessionError: { field: 'cwd', code: 'invalid-request', message: 'Working directory: /nope does not exist (or Sluice may not read it).' },
    });
    store.getState().closeNewSessionDialog();
    expect(store.getState().newSessionError).toBeNull();
  });

  it('reports a refusal that names no setting without a field', async () => {
    const api = fakeStoreApi({ newSession: () => Promise.reject(refused('The connection to Sluice dropped.', 'disconnected')) });
    const { store } = setup(api);
    await store.getState().startSession({});
    expect(store.getState().newSessionError).toEqual({ field: null, code: 'disconnected', message: 'The connection to Sluice dropped.' });
  });

  it('gives the picked folder, or null with the refusal beside the folder field', async () => {
    const { store } = setup();
    await expect(store.getState().pickFolder()).resolves.toBe('/home/me/picked');
    const web = setup(fakeStoreApi({ pickFolder: () => Promise.reject(refused('This window cannot open a folder picker.', 'unsupported')) }));
    await expect(web.store.getState().pickFolder()).resolves.toBeNull();
    expect(web.store.getState().newSessionError).toEqual({ field: 'cwd', code: 'unsupported', message: 'This window cannot open a folder picker.' });
  });
});

describe('sessions slice: live settings', () => {
  it('asks the core to change the model or mode, one change at a time', async () => {
    const { store, api } = setup();
    const first = store.getState().changeSettings({ model: 'opus' });
    expect(store.getState().settingsChanging).toBe(true);
    await expect(store.getState().changeSettings({ permissionMode: 'plan' })).resolves.toBe(false);
    await expect(first).resolves.toBe(true);
    expect(store.getState().settingsChanging).toBe(false);
    expect(api.calls).toEqual([{ command: 'changeSettings', request: { model: 'opus' } }]);
  });

  it('keeps a refused change as the settings error, tied to its field', async () => {
    const api = fakeStoreApi({ changeSettings: () => Promise.reject(Object.assign(new Error('Model: "x y" is not a model name.'), { code: 'invalid-request' })) });
    const { store } = setup(api);
    await expect(store.getState().changeSettings({ model: 'x y' })).resolves.toBe(false);
    expect(store.getState().settingsError).toEqual({ field: 'model', code: 'invalid-request', message: 'Model: "x y" is not a model name.' });
    store.getState().dismissSettingsError();
    expect(store.getState().settingsError).toBeNull();
  });
});
