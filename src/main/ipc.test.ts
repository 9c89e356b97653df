import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { FakeFrame, FakeIpcMain, FakeMessagePort, FakeWebContents, ipcEvent } from './electron-fake.test-support';
import { CHANNELS } from '../shared/commands';
import { EVENTS_PORT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../shared/electron-event-channels';
import { isAppPage, registerIpc } from './ipc';
import type { ApprovalAnswer, CreditRequest, Hello, SendRequest, SettingsChange, SluiceApi, SubscribeOptions, ViewEvent } from '../shared/protocol';
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
    return { app: 'sluice', version: '0.0.0-test', transport: 'electron', sessionId: 's1', agent: { kind: 'sim', label: 'Simulator', commandLine: 'sim' }, sessionDefaults: { cwd: '/' } };
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

  async changeSettings(change: SettingsChange): Promise<{ settings: SettingsChange }> {
    this.calls.push(`settings:${change.model ?? ''}:${change.permissionMode ?? ''}`);
    return { settings: change };
  }

  async pickFolder(): Promise<{ path: string | null }> {
    this.calls.push('pick-folder');
    return { path: '/picked' };
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
  const dispose = registerIpc({ ipcMain, contents, api, appUrl, createPortPair: () => FakeMessagePort.pair(), onRefused: (channel) => refused.push(channel) });
  const fromApp = ipcEvent(contents, contents.mainFrame);
  return { ipcMain, contents, api, refused, dispose, fromApp };
}

/** The page's end of the one port transferred so far (fails the test if there is not exactly one). */
function onlyPagePort(contents: FakeWebContents): FakeMessagePort {
  const ports = contents.pagePorts();
  expect(ports).toHaveLength(1);
  return ports[0] as FakeMessagePort;
}

describe('registerIpc: sender validation', () => {
  it('registers a handler for every command of the contract', () => {
    const { ipcMain } = setup();
    const all = [
      'app:hello',
      'app:pick-folder',
      'session:approve',
      'session:continue',
      'session:interrupt',
      'session:retry',
      'session:send',
      'session:settings',
      'sessions:list',
      'sessions:new',
      'sessions:open',
      'stream:credit',
    ];
    expect([...ipcMain.handlers.keys()].sort()).toEqual(all);
    expect([...CHANNELS].sort()).toEqual(all);
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
    expect(contents.transfers).toEqual([]);
    expect(api.subscribeCount).toBe(0);
  });

  it('transfers a port to the page on subscribe and streams the snapshot then every event over it, in order', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    api.emit(patches(1));
    api.emit(patches(2));
    expect(contents.transfers).toEqual([{ channel: EVENTS_PORT_CHANNEL, message: null, ports: [expect.any(FakeMessagePort)] }]);
    expect(onlyPagePort(contents).received).toEqual([snapshot(), patches(1), patches(2)]);
    expect(contents.sent).toEqual([]);
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

  it('gives a foreign frame asking to subscribe neither a port nor a subscription', () => {
    const { ipcMain, contents, api, refused } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, ipcEvent(contents, new FakeFrame(APP_URL)));
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, ipcEvent(contents, new FakeFrame('https://evil.example/')));
    expect(api.subscribeCount).toBe(0);
    expect(contents.transfers).toEqual([]);
    expect(contents.sent).toEqual([]);
    expect(refused).toEqual([SUBSCRIBE_CHANNEL, SUBSCRIBE_CHANNEL]);
  });

  it('ignores an unsubscribe request from a foreign frame: the stream goes on', () => {
    const { ipcMain, contents, api, fromApp, refused } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    ipcMain.sendFrom(UNSUBSCRIBE_CHANNEL, ipcEvent(contents, new FakeFrame(APP_URL)));
    api.emit(patches(1));
    expect(refused).toEqual([UNSUBSCRIBE_CHANNEL]);
    expect(onlyPagePort(contents).closed).toBe(false);
    expect(onlyPagePort(contents).received).toEqual([snapshot(), patches(1)]);
  });

  it('unsubscribes and closes the port when the webContents is destroyed', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    contents.destroy();
    expect(api.listeners.size).toBe(0);
    expect(onlyPagePort(contents).closed).toBe(true);
    expect(() => api.emit(patches(1))).not.toThrow();
    expect(onlyPagePort(contents).received).toEqual([snapshot()]);
  });

  it('starts nothing when a subscribe request arrives after the webContents is destroyed', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    contents.destroy();
    expect(() => ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp)).not.toThrow();
    expect(api.subscribeCount).toBe(0);
    expect(contents.transfers).toEqual([]);
  });

  it('closes the port on reload, and the reloaded page gets a new port starting from a fresh snapshot', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    api.emit(patches(1));
    contents.reload();
    expect(api.listeners.size).toBe(0);
    api.emit(patches(2)); // the page is loading: nothing for it
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    api.emit(patches(3));
    const [oldPort, newPort] = contents.pagePorts();
    expect(oldPort?.closed).toBe(true);
    expect(oldPort?.received).toEqual([snapshot(), patches(1)]);
    expect(newPort?.closed).toBe(false);
    expect(newPort?.received).toEqual([snapshot(), patches(3)]);
  });

  it('keeps the stream and its port through a same-document navigation', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    contents.emit('did-start-navigation', { url: `${APP_URL}#x`, isMainFrame: true, isSameDocument: true });
    contents.emit('did-start-navigation', { url: 'about:blank', isMainFrame: false, isSameDocument: false });
    expect(api.listeners.size).toBe(1);
    expect(onlyPagePort(contents).closed).toBe(false);
  });

  it('unsubscribes and closes the port when the renderer process dies', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(api.listeners.size).toBe(0);
    expect(onlyPagePort(contents).closed).toBe(true);
  });

  it('keeps at most one core subscription and one open port per window: a second request closes the old port and sends a new one', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    expect(api.listeners.size).toBe(1);
    expect(api.subscribeCount).toBe(2);
    api.emit(patches(1));
    const [oldPort, newPort] = contents.pagePorts();
    expect(contents.pagePorts()).toHaveLength(2);
    expect(oldPort?.closed).toBe(true);
    expect(oldPort?.received).toEqual([snapshot()]);
    expect(newPort?.closed).toBe(false);
    expect(newPort?.received).toEqual([snapshot(), patches(1)]);
  });

  it('stops and closes the port on an unsubscribe request from the app page', () => {
    const { ipcMain, contents, api, fromApp } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    ipcMain.sendFrom(UNSUBSCRIBE_CHANNEL, fromApp);
    expect(api.listeners.size).toBe(0);
    expect(onlyPagePort(contents).closed).toBe(true);
  });

  it('stops the stream and closes the port when disposed', () => {
    const { ipcMain, contents, api, fromApp, dispose } = setup();
    ipcMain.sendFrom(SUBSCRIBE_CHANNEL, fromApp);
    dispose();
    expect(api.listeners.size).toBe(0);
    expect(onlyPagePort(contents).closed).toBe(true);
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
