import { describe, expect, it } from 'vitest';
import { createAppStore } from './app-store';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import { fakeStoreApi, patches, simSession, snapshot } from './session-fixtures';
import { selectStatusText } from './selectors';

function store() {
  const scheduler = fakeFrameScheduler();
  const appStore = createAppStore({ api: fakeStoreApi(), scheduler });
  return { appStore, scheduler };
}

describe('selectStatusText', () => {
  it('says connecting before the first snapshot', () => {
    expect(selectStatusText(store().appStore.getState())).toBe('Connecting…');
  });

  it('says disconnected while the socket is down, whatever the session says', () => {
    const { appStore, scheduler } = store();
    appStore.getState().receive(snapshot(simSession({ agentState: 'ready' })));
    scheduler.runFrame();
    appStore.getState().setConnection('closed');
    expect(selectStatusText(appStore.getState())).toBe('Disconnected — reconnecting…');
  });

  it('follows the agent from starting to ready to streaming', () => {
    const { appStore, scheduler } = store();
    appStore.getState().setConnection('open');
    appStore.getState().receive(snapshot(simSession()));
    scheduler.runFrame();
    expect(selectStatusText(appStore.getState())).toBe('Starting agent…');
    appStore.getState().receive(patches([{ op: 'agent-state', state: 'ready' }]));
    scheduler.runFrame();
    expect(selectStatusText(appStore.getState())).toBe('Ready');
    appStore.getState().receive(patches([{ op: 'turn-start', turn: { id: 't1', status: 'streaming', startedAt: 1 } }]));
    scheduler.runFrame();
    expect(selectStatusText(appStore.getState())).toBe('Streaming…');
  });

  it('gives the exit code when the agent exited', () => {
    const { appStore, scheduler } = store();
    appStore.getState().setConnection('open');
    appStore.getState().receive(snapshot(simSession({ agentState: 'exited', exit: { code: 3, signal: null, stderrTail: '' } })));
    scheduler.runFrame();
    expect(selectStatusText(appStore.getState())).toBe('Agent exited (code 3)');
  });
});
