import { describe, expect, it } from 'vitest';
import type { SluiceApi, ViewEvent, WireRequest } from '../../shared/protocol';
import {
  asRemoteError,
  createWebSocketApi,
  electronApi,
  RemoteError,
  takeToken,
  webSocketUrl,
  type ConnectionState,
  type Timers,
  type WebSocketLike,
} from './api';
import { patches, simSession, snapshot } from './store/session-fixtures';

/** A socket the test drives by hand: `accept`, `push`, `drop`. */
class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: WireRequest[] = [];

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as WireRequest);
  }

  close(): void {
    this.drop();
  }

  accept(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  push(message: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.(new Event('close') as CloseEvent);
  }
}

function fakeTimers() {
  let pending: Array<{ callback: () => void; ms: number }> = [];
  const timers: Timers = {
    setTimeout(callback, ms) {
      const timer = { callback, ms };
      pending.push(timer);
      return timer;
    },
    clearTimeout(handle) {
      pending = pending.filter((timer) => timer !== handle);
    },
  };
  return {
    timers,
    delays: () => pending.map((timer) => timer.ms),
    fire() {
      const due = pending;
      pending = [];
      for (const timer of due) timer.callback();
    },
  };
}

function setup() {
  FakeWebSocket.instances = [];
  const clock = fakeTimers();
  const api = createWebSocketApi({ url: 'ws://127.0.0.1:1/ws?token=t', WebSocketImpl: FakeWebSocket, timers: clock.timers });
  const latest = () => {
    const socket = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (socket === undefined) throw new Error('no socket opened');
    return socket;
  };
  return { api, clock, latest };
}

describe('createWebSocketApi', () => {
  it('matches replies to requests by id, whatever their order', async () => {
    const { api, latest } = setup();
    const hello = api.hello();
    const send = api.send({ text: 'hi' });
    latest().accept();
    const [helloRequest, sendRequest] = latest().sent;
    expect(helloRequest?.channel).toBe('app:hello');
    expect(sendRequest).toMatchObject({ channel: 'session:send', payload: { text: 'hi' } });

    latest().push({ id: sendRequest?.id, ok: true, result: { turnId: 'turn-1' } });
    latest().push({ id: helloRequest?.id, ok: true, result: { app: 'sluice', sessionId: 's' } });
    await expect(send).resolves.toEqual({ turnId: 'turn-1' });
    await expect(hello).resolves.toMatchObject({ app: 'sluice', sessionId: 's' });
  });

  it('rejects with an error carrying the typed code when the reply is not ok', async () => {
    const { api, latest } = setup();
    const send = api.send({ text: 'hi' });
    latest().accept();
    const id = latest().sent[0]?.id;
    latest().push({ id, ok: false, error: { code: 'agent-busy', message: 'The agent is still answering.' } });
    const error = await send.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ code: 'agent-busy', message: 'The agent is still answering.' });
  });

  it('delivers pushed session events to subscribers, in order', () => {
    const { api, latest } = setup();
    const seen: ViewEvent[] = [];
    api.subscribe((event) => seen.push(event));
    latest().accept();
    const first = snapshot(simSession());
    const second = patches([{ op: 'agent-state', state: 'ready' }], { batch: 1, lines: [1, 3] });
    latest().push({ channel: 'session:events', event: first });
    latest().push({ channel: 'session:events', event: second });
    expect(seen).toEqual([first, second]);
  });

  it('ignores malformed frames and replies to unknown ids', () => {
    const { api, latest } = setup();
    const seen: ViewEvent[] = [];
    api.subscribe((event) => seen.push(event));
    latest().accept();
    latest().onmessage?.(new MessageEvent('message', { data: '{not json' }));
    latest().push({ id: 999, ok: true, result: null });
    expect(seen).toEqual([]);
  });

  it('rejects requests in flight when the socket drops', async () => {
    const { api, latest } = setup();
    const send = api.send({ text: 'hi' });
    latest().accept();
    latest().drop();
    await expect(send).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('reports the connection state and reconnects with growing backoff', () => {
    const { api, clock, latest } = setup();
    const states: ConnectionState[] = [];
    api.onConnectionChange((state) => states.push(state));
    api.subscribe(() => {});
    latest().accept();
    latest().drop();
    expect(clock.delays()).toEqual([250]);
    clock.fire();
    latest().drop();
    expect(clock.delays()).toEqual([500]);
    clock.fire();
    latest().accept();
    expect(FakeWebSocket.instances).toHaveLength(3);
    expect(states).toEqual(['connecting', 'open', 'closed', 'open']);
  });

  it('resets the backoff after a successful connection', () => {
    const { api, clock, latest } = setup();
    api.subscribe(() => {});
    latest().drop();
    clock.fire();
    latest().accept();
    latest().drop();
    expect(clock.delays()).toEqual([250]);
  });

  it('sends requests made while reconnecting once the socket is open again', async () => {
    const { api, clock, latest } = setup();
    api.subscribe(() => {});
    latest().accept();
    latest().drop();
    const hello = api.hello();
    clock.fire();
    latest().accept();
    const request = latest().sent[0];
    expect(request?.channel).toBe('app:hello');
    latest().push({ id: request?.id, ok: true, result: { app: 'sluice' } });
    await expect(hello).resolves.toMatchObject({ app: 'sluice' });
  });

  it('reconnects for a fresh snapshot when a subscriber arrives after events were missed', async () => {
    const { api, latest } = setup();
    const hello = api.hello();
    latest().accept();
    latest().push({ id: latest().sent[0]?.id, ok: true, result: { app: 'sluice' } });
    await hello;
    latest().push({ channel: 'session:events', event: snapshot(simSession()) });
    const seen: ViewEvent[] = [];
    api.subscribe((event) => seen.push(event));
    expect(FakeWebSocket.instances).toHaveLength(2);
    latest().accept();
    latest().push({ channel: 'session:events', event: snapshot(simSession()) });
    expect(seen.map((event) => event.kind)).toEqual(['snapshot']);
  });

  it('lists, opens and creates sessions on their own channels', async () => {
    const { api, latest } = setup();
    const list = api.listSessions();
    const open = api.openSession({ id: 'past-1' });
    const fresh = api.newSession({});
    latest().accept();
    const [listRequest, openRequest, newRequest] = latest().sent;
    expect(listRequest).toMatchObject({ channel: 'sessions:list', payload: {} });
    expect(openRequest).toMatchObject({ channel: 'sessions:open', payload: { id: 'past-1' } });
    expect(newRequest).toMatchObject({ channel: 'sessions:new', payload: {} });
    latest().push({ id: listRequest?.id, ok: true, result: { sessions: [], activeId: 'a' } });
    latest().push({ id: openRequest?.id, ok: false, error: { code: 'invalid-request', message: 'There is no session past-1 to open.' } });
    latest().push({ id: newRequest?.id, ok: true, result: { id: 'b' } });
    await expect(list).resolves.toEqual({ sessions: [], activeId: 'a' });
    await expect(open).rejects.toMatchObject({ name: 'RemoteError', code: 'invalid-request' });
    await expect(fresh).resolves.toEqual({ id: 'b' });
  });

  it('sends a credit on its own channel while connected', async () => {
    const { api, latest } = setup();
    api.subscribe(() => {}, { flowControl: true });
    latest().accept();
    const credit = api.credit({ channel: 2, batch: 9 });
    const request = latest().sent[0];
    expect(request).toMatchObject({ channel: 'stream:credit', payload: { channel: 2, batch: 9 } });
    latest().push({ id: request?.id, ok: true, result: { ok: true } });
    await expect(credit).resolves.toEqual({ ok: true });
  });

  it('refuses a credit at once while disconnected instead of queueing it for the next connection', async () => {
    const { api, clock, latest } = setup();
    api.subscribe(() => {});
    latest().accept();
    latest().drop();
    await expect(api.credit({ channel: 2, batch: 9 })).rejects.toMatchObject({ code: 'disconnected' });
    clock.fire();
    latest().accept();
    expect(latest().sent).toEqual([]);
  });

  it('stops reconnecting after close', () => {
    const { api, clock, latest } = setup();
    api.subscribe(() => {});
    latest().accept();
    api.close();
    expect(clock.delays()).toEqual([]);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});

describe('takeToken', () => {
  function environment(href: string) {
    const stored = new Map<string, string>();
    const replaced: string[] = [];
    return {
      stored,
      replaced,
      env: {
        location: { href },
        storage: {
          getItem: (key: string) => stored.get(key) ?? null,
          setItem: (key: string, value: string) => void stored.set(key, value),
        },
        history: { state: null, replaceState: (_state: unknown, _unused: string, url?: string | URL | null) => void replaced.push(String(url)) },
      },
    };
  }

  it('takes the token from the query, keeps it for reloads and removes it from the address bar', () => {
    const { env, stored, replaced } = environment('http://127.0.0.1:4000/?token=s3cret&x=1#end');
    expect(takeToken(env)).toBe('s3cret');
    expect([...stored.values()]).toEqual(['s3cret']);
    expect(replaced).toEqual(['/?x=1#end']);
  });

  it('falls back to the stored token after a reload', () => {
    const first = environment('http://127.0.0.1:4000/?token=s3cret');
    takeToken(first.env);
    const reload = environment('http://127.0.0.1:4000/');
    reload.stored.set([...first.stored.keys()][0] ?? '', 's3cret');
    expect(takeToken(reload.env)).toBe('s3cret');
    expect(reload.replaced).toEqual([]);
  });

  it('returns null when there is no token anywhere', () => {
    expect(takeToken(environment('http://127.0.0.1:4000/').env)).toBeNull();
  });
});

describe('webSocketUrl', () => {
  it('points at /ws on the page host with the token encoded', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a b&c')).toBe('ws://127.0.0.1:4000/ws?token=a%20b%26c');
  });
});

describe('createWebSocketApi: session settings', () => {
  it('sends new-session settings, live changes and the folder request on their own channels', async () => {
    const { api, latest } = setup();
    const fresh = api.newSession({ cwd: '/work/app', model: 'sonnet', permissionMode: 'plan' });
    const change = api.changeSettings({ permissionMode: 'acceptEdits' });
    const folder = api.pickFolder();
    latest().accept();
    const [newRequest, changeRequest, folderRequest] = latest().sent;
    expect(newRequest).toMatchObject({ channel: 'sessions:new', payload: { cwd: '/work/app', model: 'sonnet', permissionMode: 'plan' } });
    expect(changeRequest).toMatchObject({ channel: 'session:settings', payload: { permissionMode: 'acceptEdits' } });
    expect(folderRequest).toMatchObject({ channel: 'app:pick-folder', payload: {} });
    latest().push({ id: newRequest?.id, ok: false, error: { code: 'invalid-request', message: 'Working directory: /work/app does not exist.' } });
    latest().push({ id: changeRequest?.id, ok: true, result: { settings: { cwd: '/w', permissionMode: 'acceptEdits' } } });
    latest().push({ id: folderRequest?.id, ok: false, error: { code: 'unsupported', message: 'No picker here.' } });
    await expect(fresh).rejects.toMatchObject({ code: 'invalid-request', message: 'Working directory: /work/app does not exist.' });
    await expect(change).resolves.toEqual({ settings: { cwd: '/w', permissionMode: 'acceptEdits' } });
    await expect(folder).rejects.toMatchObject({ code: 'unsupported' });
  });
});

describe('electronApi', () => {
  it('maps the preload’s rejections of the session commands to RemoteErrors with their code', async () => {
    const refusal = { name: 'SluiceError', code: 'invalid-request', message: 'No such session' };
    const sluice = {
      listSessions: () => Promise.reject(refusal),
      openSession: () => Promise.reject(refusal),
      newSession: () => Promise.reject(refusal),
      changeSettings: () => Promise.reject(refusal),
      pickFolder: () => Promise.reject(refusal),
    } as unknown as SluiceApi;
    const api = electronApi(sluice);
    for (const call of [() => api.listSessions(), () => api.openSession({ id: 'x' }), () => api.newSession({}), () => api.changeSettings({ model: 'opus' }), () => api.pickFolder()]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RemoteError);
      expect(error).toMatchObject({ code: 'invalid-request', message: 'No such session' });
    }
  });

  it('passes the session commands’ replies through', async () => {
    const sluice = {
      listSessions: async () => ({ sessions: [], activeId: 'a' }),
      openSession: async ({ id }: { id: string }) => ({ id }),
      newSession: async (settings?: { cwd?: string }) => ({ id: settings?.cwd ?? 'n' }),
      pickFolder: async () => ({ path: '/picked' }),
    } as unknown as SluiceApi;
    const api = electronApi(sluice);
    await expect(api.listSessions()).resolves.toEqual({ sessions: [], activeId: 'a' });
    await expect(api.openSession({ id: 'p' })).resolves.toEqual({ id: 'p' });
    await expect(api.newSession({})).resolves.toEqual({ id: 'n' });
    await expect(api.newSession({ cwd: '/w' })).resolves.toEqual({ id: '/w' });
    await expect(api.pickFolder()).resolves.toEqual({ path: '/picked' });
  });
});

describe('asRemoteError', () => {
  it('turns the preload rejection object into a RemoteError keeping its code', () => {
    expect(() => asRemoteError({ name: 'SluiceError', code: 'agent-busy', message: 'Still answering' })).toThrow(
      expect.objectContaining({ name: 'RemoteError', code: 'agent-busy', message: 'Still answering' }),
    );
  });
});
