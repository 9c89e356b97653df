import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENTS_PORT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../shared/electron-event-channels';
import type { SluiceApi, ViewEvent } from '../shared/protocol';

/**
 * The fake 'electron' module a sandboxed preload sees: contextBridge records what is exposed,
 * ipcRenderer records what is sent and lets the test play main's side, including transferring
 * the page's end of an event port.
 */
const electron = vi.hoisted(() => {
  type Handler = (event: unknown, ...args: unknown[]) => void;
  /**
   * The page's end of a MessageChannelMain, as the DOM MessagePort behaves: what main posts
   * waits in a queue until `start()`, and nothing is delivered once the port is closed.
   */
  class FakePagePort {
    onmessage: ((message: { data: unknown }) => void) | null = null;
    closed = false;
    private started = false;
    private readonly queue: unknown[] = [];

    start(): void {
      this.started = true;
      this.flush();
    }

    close(): void {
      this.closed = true;
      this.queue.length = 0;
    }

    /** What main's `port1.postMessage(data)` does at this end. */
    postFromMain(data: unknown): void {
      if (this.closed) return;
      this.queue.push(data);
      if (this.started) this.flush();
    }

    private flush(): void {
      while (this.queue.length > 0 && !this.closed) this.onmessage?.({ data: this.queue.shift() });
    }
  }
  const state = {
    exposed: new Map<string, unknown>(),
    sent: [] as string[],
    sentPayloads: [] as Array<{ channel: string; payload: unknown }>,
    invoked: [] as Array<{ channel: string; payload: unknown }>,
    replies: new Map<string, unknown>(),
    handlers: new Map<string, Handler[]>(),
  };
  const ipcRenderer = {
    invoke: async (channel: string, payload: unknown) => {
      state.invoked.push({ channel, payload });
      return state.replies.get(channel);
    },
    send: (channel: string, ...args: unknown[]) => {
      state.sent.push(channel);
      state.sentPayloads.push({ channel, payload: args[0] });
    },
    on: (channel: string, handler: Handler) => {
      state.handlers.set(channel, [...(state.handlers.get(channel) ?? []), handler]);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld: (key: string, api: unknown) => {
      state.exposed.set(key, api);
    },
  };
  /**
   * Main answering a subscription, `webContents.postMessage(channel, null, [port2])`: every
   * handler gets (event, null) with the page's end of the pair in `event.ports`.
   */
  const transferPort = (channel: string, port = new FakePagePort()): FakePagePort => {
    const event = { sender: ipcRenderer, ports: [port] };
    for (const handler of state.handlers.get(channel) ?? []) handler(event, null);
    return port;
  };
  const reset = () => {
    state.exposed.clear();
    state.sent.length = 0;
    state.sentPayloads.length = 0;
    state.invoked.length = 0;
    state.replies.clear();
    state.handlers.clear();
  };
  return { state, ipcRenderer, contextBridge, FakePagePort, transferPort, reset };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

const snapshot = { kind: 'snapshot', session: { id: 's1' }, channel: 1, batch: 0, lines: 0 } as unknown as ViewEvent;
const patch = (n: number): ViewEvent => ({
  kind: 'patches',
  sessionId: 's1',
  patches: [{ op: 'block-append', messageId: 'm', index: 0, text: String(n) }],
  batch: n,
  lines: [n, n],
  agentStamps: [],
});

async function loadPreload(): Promise<SluiceApi> {
  vi.resetModules();
  await import('./index');
  return electron.state.exposed.get('sluice') as SluiceApi;
}

beforeEach(() => electron.reset());

describe('preload', () => {
  it('exposes exactly one method per command, and subscribe, as window.sluice', async () => {
    await loadPreload();
    expect([...electron.state.exposed.keys()]).toEqual(['sluice']);
    const api = electron.state.exposed.get('sluice') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([
      'approve',
      'changeSettings',
      'continueTurn',
      'credit',
      'hello',
      'interrupt',
      'listSessions',
      'newSession',
      'openSession',
      'pickFolder',
      'retryTurn',
      'send',
      'subscribe',
    ]);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes one channel per command and resolves with the result', async () => {
    const api = await loadPreload();
    electron.state.replies.set('app:hello', { ok: true, result: { app: 'sluice' } });
    electron.state.replies.set('session:send', { ok: true, result: { turnId: 't1' } });
    electron.state.replies.set('session:interrupt', { ok: true, result: { accepted: true } });
    electron.state.replies.set('stream:credit', { ok: true, result: { ok: true } });
    expect(await api.hello()).toEqual({ app: 'sluice' });
    expect(await api.send({ text: 'hi' })).toEqual({ turnId: 't1' });
    expect(await api.interrupt()).toEqual({ accepted: true });
    expect(await api.credit({ channel: 3, batch: 17 })).toEqual({ ok: true });
    electron.state.replies.set('session:continue', { ok: true, result: { turnId: 't2' } });
    electron.state.replies.set('session:retry', { ok: true, result: { turnId: 't3' } });
    expect(await api.continueTurn({ turnId: 't1' })).toEqual({ turnId: 't2' });
    expect(await api.retryTurn({ turnId: 't1' })).toEqual({ turnId: 't3' });
    electron.state.replies.set('session:approve', { ok: true, result: { accepted: true } });
    expect(await api.approve({ requestId: 'r1', behavior: 'allow' })).toEqual({ accepted: true });
    electron.state.replies.set('sessions:list', { ok: true, result: { sessions: [], activeId: 's1' } });
    electron.state.replies.set('sessions:open', { ok: true, result: { id: 's0' } });
    electron.state.replies.set('sessions:new', { ok: true, result: { id: 's2' } });
    expect(await api.listSessions()).toEqual({ sessions: [], activeId: 's1' });
    expect(await api.openSession({ id: 's0' })).toEqual({ id: 's0' });
    expect(await api.newSession({})).toEqual({ id: 's2' });
    expect(await api.newSession({ cwd: '/work', model: 'sonnet', permissionMode: 'plan' })).toEqual({ id: 's2' });
    electron.state.replies.set('session:settings', { ok: true, result: { settings: { cwd: '/work', model: 'opus' } } });
    electron.state.replies.set('app:pick-folder', { ok: true, result: { path: '/picked' } });
    expect(await api.changeSettings({ model: 'opus' })).toEqual({ settings: { cwd: '/work', model: 'opus' } });
    expect(await api.pickFolder()).toEqual({ path: '/picked' });
    expect(electron.state.invoked).toEqual([
      { channel: 'app:hello', payload: {} },
      { channel: 'session:send', payload: { text: 'hi' } },
      { channel: 'session:interrupt', payload: {} },
      { channel: 'stream:credit', payload: { channel: 3, batch: 17 } },
      { channel: 'session:continue', payload: { turnId: 't1' } },
      { channel: 'session:retry', payload: { turnId: 't1' } },
      { channel: 'session:approve', payload: { requestId: 'r1', behavior: 'allow' } },
      { channel: 'sessions:list', payload: {} },
      { channel: 'sessions:open', payload: { id: 's0' } },
      { channel: 'sessions:new', payload: {} },
      { channel: 'sessions:new', payload: { cwd: '/work', model: 'sonnet', permissionMode: 'plan' } },
      { channel: 'session:settings', payload: { model: 'opus' } },
      { channel: 'app:pick-folder', payload: {} },
    ]);
  });

  it('rejects with a plain object carrying the code when main answers ok: false', async () => {
    const api = await loadPreload();
    electron.state.replies.set('session:send', { ok: false, error: { code: 'agent-busy', message: 'Still answering.' } });
    await expect(api.send({ text: 'hi' })).rejects.toEqual({ name: 'SluiceError', code: 'agent-busy', message: 'Still answering.' });
    electron.state.replies.set('sessions:open', { ok: false, error: { code: 'invalid-request', message: 'There is no session x to open.' } });
    await expect(api.openSession({ id: 'x' })).rejects.toEqual({ name: 'SluiceError', code: 'invalid-request', message: 'There is no session x to open.' });
  });

  it('asks main for the stream once its listener is in place, and hands over the events alone from the port', async () => {
    const api = await loadPreload();
    const seen: unknown[][] = [];
    api.subscribe((...args: unknown[]) => seen.push(args));
    expect(electron.state.sent).toEqual([SUBSCRIBE_CHANNEL]);
    const port = electron.transferPort(EVENTS_PORT_CHANNEL);
    port.postFromMain(snapshot);
    port.postFromMain(patch(1));
    expect(seen).toEqual([[snapshot], [patch(1)]]);
  });

  it('reads what main posted before the port arrived, first the snapshot, then patches in order', async () => {
    const api = await loadPreload();
    const seen: ViewEvent[] = [];
    api.subscribe((event) => seen.push(event));
    const port = new electron.FakePagePort();
    port.postFromMain(snapshot);
    port.postFromMain(patch(1));
    electron.transferPort(EVENTS_PORT_CHANNEL, port);
    port.postFromMain(patch(2));
    port.postFromMain(patch(3));
    expect(seen).toEqual([snapshot, patch(1), patch(2), patch(3)]);
  });

  it('forwards flow control with the subscription request, off unless asked', async () => {
    const api = await loadPreload();
    api.subscribe(() => {}, { flowControl: true });
    api.subscribe(() => {});
    expect(electron.state.sentPayloads).toEqual([
      { channel: SUBSCRIBE_CHANNEL, payload: { flowControl: true } },
      { channel: SUBSCRIBE_CHANNEL, payload: { flowControl: false } },
    ]);
  });

  it('drops patches that arrive before the snapshot', async () => {
    const api = await loadPreload();
    const seen: ViewEvent[] = [];
    api.subscribe((event) => seen.push(event));
    const port = electron.transferPort(EVENTS_PORT_CHANNEL);
    port.postFromMain(patch(0));
    port.postFromMain(snapshot);
    port.postFromMain(patch(1));
    expect(seen).toEqual([snapshot, patch(1)]);
  });

  it('replaces and closes the older port when a newer one arrives; a new listener waits for its snapshot', async () => {
    const api = await loadPreload();
    const first: ViewEvent[] = [];
    const second: ViewEvent[] = [];
    api.subscribe((event) => first.push(event));
    const oldPort = electron.transferPort(EVENTS_PORT_CHANNEL);
    oldPort.postFromMain(snapshot);
    api.subscribe((event) => second.push(event));
    oldPort.postFromMain(patch(1)); // the old stream's tail: the new listener has no snapshot yet
    const newPort = electron.transferPort(EVENTS_PORT_CHANNEL);
    expect(oldPort.closed).toBe(true);
    oldPort.postFromMain(patch(2));
    const freshSnapshot = { ...snapshot, channel: 2 } as ViewEvent;
    newPort.postFromMain(freshSnapshot);
    newPort.postFromMain(patch(3));
    expect(first).toEqual([snapshot, patch(1), freshSnapshot, patch(3)]);
    expect(second).toEqual([freshSnapshot, patch(3)]);
    expect(newPort.closed).toBe(false);
  });

  it('stops delivery on unsubscribe, and closes the port and tells main when the last listener leaves', async () => {
    const api = await loadPreload();
    const first: ViewEvent[] = [];
    const second: ViewEvent[] = [];
    const stopFirst = api.subscribe((event) => first.push(event));
    const stopSecond = api.subscribe((event) => second.push(event));
    const port = electron.transferPort(EVENTS_PORT_CHANNEL);
    port.postFromMain(snapshot);
    stopFirst();
    stopFirst();
    expect(electron.state.sent).toEqual([SUBSCRIBE_CHANNEL, SUBSCRIBE_CHANNEL]);
    expect(port.closed).toBe(false);
    port.postFromMain(patch(1));
    stopSecond();
    expect(electron.state.sent).toEqual([SUBSCRIBE_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL]);
    expect(port.closed).toBe(true);
    port.postFromMain(patch(2));
    expect(first).toEqual([snapshot]);
    expect(second).toEqual([snapshot, patch(1)]);
  });

  it('closes a port that arrives after its listeners have all left, without delivering from it', async () => {
    const api = await loadPreload();
    const seen: ViewEvent[] = [];
    api.subscribe((event) => seen.push(event))();
    const port = new electron.FakePagePort();
    port.postFromMain(snapshot);
    electron.transferPort(EVENTS_PORT_CHANNEL, port);
    expect(port.closed).toBe(true);
    expect(seen).toEqual([]);
    expect(electron.state.sent).toEqual([SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL]);
  });
});
