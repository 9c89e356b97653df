import { describe, expect, it } from 'vitest';
import type { CreditRequest, Hello, SubscribeOptions, ViewEvent } from '../../../shared/protocol';
import type { ConnectedApi, ConnectionState } from '../api';
import { createAppStore } from './app-store';
import { bindStoreToApi } from './bind-api';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import { sessionSummary, simSession, snapshot } from './session-fixtures';

const HELLO: Hello = {
  app: 'sluice',
  version: '0.1.0',
  transport: 'web',
  sessionId: 'sess-1',
  agent: { kind: 'sim', label: 'Simulator', commandLine: 'sim' },
  sessionDefaults: { cwd: '/home/me' },
};

function fakeApi() {
  let eventListener: ((event: ViewEvent) => void) | null = null;
  let connectionListener: ((state: ConnectionState) => void) | null = null;
  let helloCalls = 0;
  let listCalls = 0;
  let subscribeOptions: SubscribeOptions | undefined;
  const credits: CreditRequest[] = [];
  const api: ConnectedApi = {
    transport: 'web',
    hello: async () => {
      helloCalls++;
      return HELLO;
    },
    send: async () => ({ turnId: 't' }),
    interrupt: async () => ({ accepted: false }),
    continueTurn: async () => ({ turnId: 't2' }),
    retryTurn: async () => ({ turnId: 't3' }),
    approve: async () => ({ accepted: true }),
    listSessions: async () => {
      listCalls++;
      return { sessions: [sessionSummary()], activeId: 'sess-1' };
    },
    openSession: async ({ id }) => ({ id }),
    newSession: async () => ({ id: 'sess-2' }),
    changeSettings: async (change) => ({ settings: change }),
    pickFolder: async () => ({ path: null }),
    credit: async (request) => {
      credits.push(request);
      return { ok: true };
    },
    subscribe: (listener, options) => {
      eventListener = listener;
      subscribeOptions = options;
      return () => (eventListener = null);
    },
    onConnectionChange: (listener) => {
      connectionListener = listener;
      listener('connecting');
      return () => (connectionListener = null);
    },
    close: () => {},
  };
  return {
    api,
    push: (event: ViewEvent) => eventListener?.(event),
    connection: (state: ConnectionState) => connectionListener?.(state),
    helloCalls: () => helloCalls,
    listCalls: () => listCalls,
    subscribeOptions: () => subscribeOptions,
    credits,
  };
}

describe('bindStoreToApi', () => {
  it('feeds events and connection changes into the store', () => {
    const scheduler = fakeFrameScheduler();
    const fake = fakeApi();
    const store = createAppStore({ api: fake.api, scheduler });
    bindStoreToApi(store, fake.api);
    expect(store.getState().connection).toBe('connecting');
    fake.push(snapshot(simSession()));
    scheduler.runFrame();
    expect(store.getState().session?.id).toBe('sess-1');
  });

  it('subscribes with flow control and grants credit on the snapshot’s channel after the commit', () => {
    const scheduler = fakeFrameScheduler();
    const fake = fakeApi();
    const store = createAppStore({ api: fake.api, scheduler });
    bindStoreToApi(store, fake.api);
    expect(fake.subscribeOptions()).toEqual({ flowControl: true });
    fake.push(snapshot(simSession(), { channel: 4, batch: 10 }));
    expect(fake.credits).toEqual([]);
    scheduler.runFrame();
    expect(fake.credits).toEqual([{ channel: 4, batch: 10 }]);
  });

  it('asks hello again on every connection', async () => {
    const fake = fakeApi();
    const store = createAppStore({ api: fake.api, scheduler: fakeFrameScheduler() });
    bindStoreToApi(store, fake.api);
    fake.connection('open');
    fake.connection('closed');
    fake.connection('open');
    await Promise.resolve();
    expect(fake.helloCalls()).toBe(2);
    expect(store.getState().hello).toEqual(HELLO);
  });

  it('lists the sessions on every connection', async () => {
    const fake = fakeApi();
    const store = createAppStore({ api: fake.api, scheduler: fakeFrameScheduler() });
    bindStoreToApi(store, fake.api);
    expect(fake.listCalls()).toBe(0);
    fake.connection('open');
    await Promise.resolve();
    await Promise.resolve();
    expect(fake.listCalls()).toBe(1);
    expect(store.getState().sessions).toEqual([sessionSummary()]);
    expect(store.getState().activeSessionId).toBe('sess-1');
    fake.connection('closed');
    fake.connection('open');
    expect(fake.listCalls()).toBe(2);
  });

  it('stops feeding the store once unbound', () => {
    const scheduler = fakeFrameScheduler();
    const fake = fakeApi();
    const store = createAppStore({ api: fake.api, scheduler });
    const unbind = bindStoreToApi(store, fake.api);
    unbind();
    fake.push(snapshot(simSession()));
    scheduler.runFrame();
    expect(store.getState().session).toBeNull();
  });
});
