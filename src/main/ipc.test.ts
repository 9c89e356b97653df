import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { FakeFrame, FakeIpcMain, FakeWebContents, ipcEvent } from './electron-fake.test-support';
import { COMMAND_CHANNELS, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL, isAppPage, registerIpc } from './ipc';
import { EVENTS_CHANNEL, type ApprovalAnswer, type CreditRequest, type Hello, type SendRequest, type SluiceApi, type SubscribeOptions, type ViewEvent } from '../shared/protocol';
import { emptySessionView } from '../shared/session-view';

const APP_URL = pathToFileURL('/opt/sluice/out/renderer/index.html').href;

/** A core stand-in: records calls, and lets the test push events to subscribers. */
class FakeApi implements SluiceApi {
  readonly calls: string[] = [];
  readonly listeners = new Set<(event: ViewEvent) => void>();
  subscribeCount = 0;
  lastOptions: SubscribeOptions | undefined;

  async hello(): Promise<Hello> {
    this.calls.push('hello');
    return { app: 'sluice', version: '0.0.0-test', transport: 'electron', sessionId: 's1', agent: { kind: 'sim', label: 'Simulator', commandLine: 'sim' } };
  }

  async send(request: SendRequest): Promise<{ turnId: string }> {
    this.calls.push(`send:${request.text}`);
    return { turnId: 'turn-1' };
  }

  async interrupt(): Promise<{ accepted: boolean }> {
    this.calls.push('interrupt');
    return { accepted: true };
  }

  async continueTurn(request: { turnId: string }): Promise<{ turnId: string }> {
    this.calls.push(`continue:${request.turnId}`);
    return { turnId: 'turn-2' };
  }

  async retryTurn(request: { turnId: string }): Promise<{ turnId: string }> {
    this.calls.push(`retry:${request.turnId}`);
    return { turnId: 'turn-2' };
  }

  async approve(answer: ApprovalAnswer): Promise<{ accepted: boolean }> {
    this.calls.push(`approve:${answer.requestId}:${answer.behavior}`);
    return { accepted: true };
  }

  async listSessions(): Promise<{ sessions: []; activeId: string }> {
    this.calls.push('list');
    return { sessions: [], activeId: 's1' };
  }

  async openSession(request: { id: string }): Promise<{ id: string }> {
    this.calls.push(`open:${request.id}`);
    return { id: request.id };
  }

  async newSession(): Promise<{ id: string }> {
    this.calls.push('new');
    return { id: 's2' };
  }

  async credit(request: CreditRequest): Promise<{ ok: true }> {
    this.calls.push(`credit:${request.channel}:${request.batch}`);
    return { ok: true };
  }

  subscribe(listener: (event: ViewEvent) => void, options?: SubscribeOptions): () => void {
    this.subscribeCount += 1;
    this.lastOptions = options;
    this.listeners.add(listener);
    listener(snapshot());
    return () => this.listeners.delete(listener);
  }

  emit(event: ViewEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function snapshot(): ViewEvent {
  return { kind: 'snapshot', session: emptySessionView('s1', { kind: 'sim', label: 'Simulator', commandLine: 'sim' }, '/tmp/s1.ndjson'), channel: 1, batch: 0, lines: 0 };
}

function patches(n: number): ViewEvent {
  return { kind: 'patches', sessionId: 's1', patches: [{ op: 'block-append', messageId: 'm1', index: 0, text: `step ${n}` }], batch: n, lines: [n, n], agentStamps: [] };
}

function setup(appUrl = APP_URL) {
  const ipcMain = new FakeIpcMain();
  const contents = new FakeWebContents(appUrl);
  const api = new FakeApi();
  const refused: string[] = [];
  const dispose = registerIpc({ ipcMain, contents, api, appUrl, onRefused: (channel) => refused.push(channel) });
  const fromApp = ipcEvent(contents, contents.mainFrame);
  return { ipcMain, contents, api, refused, dispose, fromApp };
}

describe('registerIpc: sender validation', () => {
  it('registers a handler for every command of the contract', () => {
    const { ipcMain } = setup();
    const all = [
      'app:hello',
      'session:approve',
      'session:continue',
      'session:interrupt',
      'session:retry',
      'session:send',
      'sessions:list',
      'sessions:new',
      'sessions:open',
      'stream:credit',
    ];
    expect([...ipcMain.handlers.keys()].sort()).toEqual(all);
    expect([...COMMAND_CHANNELS].sort()).toEqual(all);
  });

  it('refuses a command from a subframe without calling the api', async () => {
    const { ipcMain, contents, api, refused } = setup();
    const subframe = new FakeFrame(APP_URL);
    const reply = await ipcMain.invoke('session:send', { text: 'hi' }, ipcEvent(contents, subframe));
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(api.calls).toEqual([]);
    expect(refused).toEqual(['session:send']);
  });

  it('refuses a command from a main frame showing a foreign page', async () => {
    const { ipcMain, contents, api } = setup();
    contents.mainFrame.url = 'https://evil.example/index.html';
    const reply = await ipcMain.invoke('session:send', { text: 'hi' }, ipcEvent(contents, contents.mainFrame));
    expect(reply.ok).toBe(false);
    expect(api.calls).toEqual([]);
  });

  it('refuses a command from another file than the app page', async () => {
    const { ipcMain, contents, api } = setup();
    contents.mainFrame.url = pathToFileURL('/tmp/downloaded.html').href;
    expect((await ipcMain.invoke('app:hello', {}, ipcEvent(contents, contents.mainFrame))).ok).toBe(false);
    expect(api.calls).toEqual([]);
  });

  it('refuses a command from another webContents', async () => {
    const { ipcMain, api } = setup();
    const other = new FakeWebContents(APP_URL);
    expect((await ipcMain.invoke('app:hello', {}, ipcEvent(other, other.mainFrame))).ok).toBe(false);
    expect(api.calls).toEqual([]);
  });

  it('refuses a command whose frame is gone (senderFrame null)', async () => {
    const { ipcMain, contents, api } = setup();
    expect((await ipcMain.invoke('app:hello', {}, ipcEvent(contents, null))).ok).toBe(false);
    expect(api.calls).toEqual([]);
  });

  it('checks the sender before the payload: a foreign bad payload is refused as a sender', async () => {
    const { ipcMain, contents } = setup();
    const reply = await ipcMain.invoke('session:send', { nope: 1 }, ipcEvent(contents, new FakeFrame('https://evil.example/')));
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining("Sluice's own window") } });
  });
});

describe('registerIpc: commands', () => {
  it('answers a valid sender with a bad payload with invalid-request', async () => {
    const { ipcMain, api, fromApp } = setup();
    const reply = await ipcMain.invoke('session:send', { text: 42 }, fromApp);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(api.calls).toEqual([]);
  });

  it('refuses unknown keys in a payload', async () => {
    const { ipcMain, api, fromApp } = setup();
    const reply = await ipcMain.invoke('session:send', { text: 'hi', argv: ['rm'] }, fromApp);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(api.calls).toEqual([]);
  });

  it('routes a valid command from the app page to the api and returns its reply', async () => {
    const { ipcMain, api, fromApp } = setup();
    expect(await ipcMain.invoke('session:send', { text: 'hi' }, fromApp)).toEqual({ ok: true, result: { turnId: 'turn-1' } });
    expect(await ipcMain.invoke('session:interrupt', {}, fromApp)).toEqual({ ok: true, result: { accepted: true } });
    expect(await ipcMain.invoke('app:hello', undefined, fromApp)).toMatchObject({ ok: true, result: { app: 'sluice' } });
    expect(api.calls).toEqual(['send:hi', 'interrupt', 'hello']);
  });

  it('accepts the app page whatever its query or fragment', async () => {
    const { ipcMain, contents, api } = setup();
    contents.mainFrame.url = `${APP_URL}?x=1#/chat`;
    expect((await ipcMain.invoke('app:hello', {}, ipcEvent(contents, contents.mainFrame))).ok).toBe(true);
    expect(api.calls).toEqual(['hello']);
  });

  it('removes its handlers when disposed', () => {
    const { ipcMain, dispose } = setup();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listenerCount(SUBSCRIBE_CHANNEL)).toBe(0);
    expect(ipcMain.listenerCount(UNSUBSCRIBE_CHANNEL)).toBe(0);
  });
});

describe('registerIpc: events', () => {
  it('sends nothing until the page subscribes', () => {
    const { contents, api } = setup();
    api.emit(patches(1));
    expect(contents.sent).toEqual([]);
    expect(api.subscribeCount).toBe(0);
  });

  it('forwards the snapshot then every event, in order, on the events channel', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    api.emit(patches(1));
    api.emit(patches(2));
    expect(contents.sent.map((message) => message.channel)).toEqual([EVENTS_CHANNEL, EVENTS_CHANNEL, EVENTS_CHANNEL]);
    expect(contents.sent.map((message) => message.event)).toEqual([snapshot(), patches(1), patches(2)]);
  });

  it('turns flow control on only when the page asks for it explicitly', () => {
    const { ipcMain, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp, { flowControl: true });
    expect(api.lastOptions).toEqual({ flowControl: true });
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp, { flowControl: 'yes' });
    expect(api.lastOptions).toEqual({ flowControl: false });
  });

  it('routes a credit from the app page to the core', async () => {
    const { ipcMain, api, fromApp } = setup();
    await ipcMain.invoke('stream:credit', { channel: 1, batch: 3 }, fromApp);
    expect(api.calls).toEqual(['credit:1:3']);
  });

  it('ignores a subscribe request from a foreign frame', () => {
    const { ipcMain, contents, api, refused } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, ipcEvent(contents, new FakeFrame(APP_URL)));
    expect(api.subscribeCount).toBe(0);
    expect(contents.sent).toEqual([]);
    expect(refused).toEqual([SUBSCRIBE_CHANNEL]);
  });

  it('unsubscribes when the webContents is destroyed', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    contents.destroy();
    expect(api.listeners.size).toBe(0);
    expect(() => api.emit(patches(1))).not.toThrow();
    expect(contents.sent).toHaveLength(1);
  });

  it('unsubscribes on reload, and the reloaded page starts from a fresh snapshot', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    api.emit(patches(1));
    contents.reload();
    expect(api.listeners.size).toBe(0);
    api.emit(patches(2)); // the page is loading: nothing for it
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    api.emit(patches(3));
    expect(contents.sent.map((message) => message.event)).toEqual([snapshot(), patches(1), snapshot(), patches(3)]);
  });

  it('keeps the stream through a same-document navigation', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    contents.emit('did-start-navigation', { url: `${APP_URL}#x`, isMainFrame: true, isSameDocument: true });
    contents.emit('did-start-navigation', { url: 'about:blank', isMainFrame: false, isSameDocument: false });
    expect(api.listeners.size).toBe(1);
  });

  it('unsubscribes when the renderer process dies', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(api.listeners.size).toBe(0);
  });

  it('keeps at most one core subscription per window: a second request restarts it', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    expect(api.listeners.size).toBe(1);
    expect(api.subscribeCount).toBe(2);
    api.emit(patches(1));
    expect(contents.sent.map((message) => message.event)).toEqual([snapshot(), snapshot(), patches(1)]);
  });

  it('stops on an unsubscribe request from the app page', () => {
    const { ipcMain, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    ipcMain.sendFrom(UNSUBSCRIBE_CHANNEL, fromApp);
    expect(api.listeners.size).toBe(0);
  });

  it('stops the stream when disposed', () => {
    const { ipcMain, api, fromApp, dispose } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    dispose();
    expect(api.listeners.size).toBe(0);
  });
});

describe('isAppPage', () => {
  it('matches the dev server by origin', () => {
    expect(isAppPage('http://localhost:5173/some/route?x#y', 'http://localhost:5173')).toBe(true);
    expect(isAppPage('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppPage('https://localhost:5173/', 'http://localhost:5173')).toBe(false);
  });

  it('matches the production page by its exact file path', () => {
    expect(isAppPage(APP_URL, APP_URL)).toBe(true);
    expect(isAppPage(APP_URL.replace('index.html', 'other.html'), APP_URL)).toBe(false);
    expect(isAppPage('http://localhost/opt/sluice/out/renderer/index.html', APP_URL)).toBe(false);
  });

  it('never matches opaque or malformed URLs', () => {
    expect(isAppPage('about:blank', 'about:blank')).toBe(false);
    expect(isAppPage('data:text/html,hi', 'data:text/html,hi')).toBe(false);
    expect(isAppPage('not a url', APP_URL)).toBe(false);
  });
});
