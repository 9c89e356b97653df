import { describe, expect, it } from 'vitest';
import { SluiceError, agentError } from '../../../shared/agent-error';
import type { SessionPatch } from '../../../shared/session-view';
import { createAppStore } from './app-store';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import { APPROVAL_GONE_MESSAGE } from './recovery-slice';
import { fakeStoreApi, patches, simSession, snapshot, type StoreApiFake } from './session-fixtures';

const INTERRUPTED: SessionPatch[] = [
  { op: 'turn-start', turn: { id: 'turn-1', status: 'streaming', startedAt: 1 } },
  { op: 'user-message', message: { role: 'user', id: 'turn-1:user', turnId: 'turn-1', text: 'tell me', at: 1 } },
  { op: 'turn-end', turnId: 'turn-1', status: 'interrupted', endedAt: 2 },
];

function readyStore(api: StoreApiFake = fakeStoreApi()) {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api, scheduler });
  store.getState().setConnection('open');
  store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
  store.getState().receive(patches(INTERRUPTED));
  scheduler.runFrame();
  return { store, scheduler, api };
}

describe('recovery slice', () => {
  it('continues and retries a turn by its id', async () => {
    const { store, api } = readyStore();
    await expect(store.getState().continueTurn('turn-1')).resolves.toBe(true);
    await expect(store.getState().retryTurn('turn-1')).resolves.toBe(true);
    expect(api.calls).toEqual([
      { command: 'continueTurn', request: { turnId: 'turn-1' } },
      { command: 'retryTurn', request: { turnId: 'turn-1' } },
    ]);
    expect(store.getState().sending).toBe(false);
  });

  it('starts nothing while a turn streams, or twice on a double click', async () => {
    const { store, scheduler, api } = readyStore();
    const first = store.getState().continueTurn('turn-1');
    const second = store.getState().retryTurn('turn-1');
    await Promise.all([first, second]);
    expect(api.calls).toHaveLength(1);
    store.getState().receive(patches([{ op: 'turn-start', turn: { id: 'turn-2', status: 'streaming', startedAt: 3 } }], { batch: 2 }));
    scheduler.runFrame();
    await expect(store.getState().retryTurn('turn-1')).resolves.toBe(false);
    expect(api.calls).toHaveLength(1);
  });

  it('shows a refusal where a failed send is shown, with its typed code', async () => {
    const api = fakeStoreApi({
      continueTurn: async () => {
        throw new SluiceError(agentError('agent-busy', 'That turn is still streaming; interrupt it first.'));
      },
    });
    const { store } = readyStore(api);
    await expect(store.getState().continueTurn('turn-1')).resolves.toBe(false);
    expect(store.getState().sendError).toEqual({ code: 'agent-busy', message: 'That turn is still streaming; interrupt it first.' });
    expect(store.getState().sending).toBe(false);
  });

  it('allows a tool use with just the request id and the behaviour', async () => {
    const { store, api } = readyStore();
    await expect(store.getState().answerApproval({ requestId: 'req-1', behavior: 'allow', message: 'ignored' })).resolves.toBe(true);
    expect(api.calls).toEqual([{ command: 'approve', request: { requestId: 'req-1', behavior: 'allow' } }]);
    expect(store.getState().answeringApproval).toBeNull();
  });

  it('denies with the trimmed message, and without one when it is blank', async () => {
    const { store, api } = readyStore();
    await store.getState().answerApproval({ requestId: 'req-1', behavior: 'deny', message: '  not that file \n' });
    await store.getState().answerApproval({ requestId: 'req-2', behavior: 'deny', message: '   ' });
    await store.getState().answerApproval({ requestId: 'req-3', behavior: 'deny' });
    expect(api.calls).toEqual([
      { command: 'approve', request: { requestId: 'req-1', behavior: 'deny', message: 'not that file' } },
      { command: 'approve', request: { requestId: 'req-2', behavior: 'deny' } },
      { command: 'approve', request: { requestId: 'req-3', behavior: 'deny' } },
    ]);
  });

  it('sends one answer at a time', async () => {
    const { store, api } = readyStore();
    const first = store.getState().answerApproval({ requestId: 'req-1', behavior: 'allow' });
    expect(store.getState().answeringApproval).toBe('req-1');
    await expect(store.getState().answerApproval({ requestId: 'req-1', behavior: 'deny' })).resolves.toBe(false);
    await first;
    expect(api.calls).toHaveLength(1);
  });

  it('says so on the card when the request was already closed, or the answer did not arrive', async () => {
    const api = fakeStoreApi({ approve: async () => ({ accepted: false }) });
    const { store } = readyStore(api);
    await expect(store.getState().answerApproval({ requestId: 'req-1', behavior: 'allow' })).resolves.toBe(false);
    expect(store.getState().approvalError).toEqual({ requestId: 'req-1', code: 'approval-closed', message: APPROVAL_GONE_MESSAGE });

    const failing = readyStore(
      fakeStoreApi({
        approve: async () => {
          throw new SluiceError(agentError('agent-not-running', 'The agent is not running.'));
        },
      }),
    );
    await failing.store.getState().answerApproval({ requestId: 'req-9', behavior: 'deny', message: 'no' });
    expect(failing.store.getState().approvalError).toEqual({ requestId: 'req-9', code: 'agent-not-running', message: 'The agent is not running.' });
    expect(failing.store.getState().answeringApproval).toBeNull();
  });
});
