import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { emptySessionView } from '../shared/session-view';
import type { SluiceApi, ViewEvent, WireEvent, WireReply } from '../shared/protocol';
import { startWebHost, type WebHost } from './web-host';

/** A core stand-in that records commands and lets the test push events. */
function fakeApi() {
  const listeners = new Set<(event: ViewEvent) => void>();
  const sent: string[] = [];
  const subscribeOptions: unknown[] = [];
  const session = emptySessionView('s1', { kind: 'sim', label: 'Simulator', commandLine: 'sim' }, '/j');
  const api: SluiceApi = {
    hello: async () => ({ app: 'sluice', version: '0', transport: 'web', sessionId: 's1', agent: session.agent, sessionDefaults: { cwd: '/' } }),
    send: async ({ text }) => {
      sent.push(text);
      return { turnId: 'turn-1' };
    },
    interrupt: async () => ({ accepted: false }),
    continueTurn: async () => ({ turnId: 'turn-2' }),
    retryTurn: async () => ({ turnId: 'turn-2' }),
    credit: async () => ({ ok: true }),
    approve: async () => ({ accepted: true }),
    listSessions: async () => ({ sessions: [], activeId: 's1' }),
    openSession: async ({ id }) => ({ id }),
    newSession: async () => ({ id: 's2' }),
    changeSettings: async (change) => ({ settings: { cwd: '/', ...change } }),
    pickFolder: async () => ({ path: null }),
    subscribe: (listener, options) => {
      subscribeOptions.push(options);
      listeners.add(listener);
      listener({ kind: 'snapshot', session, channel: 1, batch: 0, lines: 0 });
      return () => listeners.delete(listener);
    },
  };
  return { api, sent, listeners, subscribeOptions, push: (event: ViewEvent) => listeners.forEach((listener) => listener(event)) };
}

let dir: string;
let host: WebHost;
let fake: ReturnType<typeof fakeApi>;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Sluice</title>');
  fake = fakeApi();
  host = await startWebHost({ api: fake.api, staticDir: dir });
});
afterEach(async () => {
  sockets.forEach((socket) => socket.terminate());
  sockets.length = 0;
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

function connect(options: { token?: string; origin?: string } = {}): Promise<{ socket: WebSocket; messages: unknown[] }> {
  const origin = options.origin ?? `http://127.0.0.1:${host.port}`;
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${options.token ?? host.token}`, { origin });
  sockets.push(socket);
  const messages: unknown[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}

describe('web host', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses a WebSocket without the right token', async () => {
    await expect(connect({ token: 'wrong' })).rejects.toThrow('HTTP 403');
  });

  it('refuses a WebSocket from another origin', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('sends a snapshot first, then pushed events in order', async () => {
    const { messages } = await connect();
    fake.push({ kind: 'patches', sessionId: 's1', patches: [{ op: 'error', error: undefined }], batch: 1, lines: null, agentStamps: [] });
    const events = await until(() => (messages.length >= 2 ? (messages as WireEvent[]) : undefined));
    expect(events.map((message) => message.event.kind)).toEqual(['snapshot', 'patches']);
    expect(events[0]?.channel).toBe('session:events');
    expect(fake.subscribeOptions).toEqual([{ flowControl: true }]);
  });

  it('answers a valid command with its result, matched by id', async () => {
    const { socket, messages } = await connect();
    socket.send(JSON.stringify({ id: 7, channel: 'session:send', payload: { text: 'hi' } }));
    const reply = await until(() => (messages as WireReply[]).find((message) => message.id === 7));
    expect(reply).toEqual({ id: 7, ok: true, result: { turnId: 'turn-1' } });
    expect(fake.sent).toEqual(['hi']);
  });

  it('refuses an invalid payload or an unknown channel with invalid-request, without calling the core', async () => {
    const { socket, messages } = await connect();
    socket.send(JSON.stringify({ id: 1, channel: 'session:send', payload: { text: '   ' } }));
    socket.send(JSON.stringify({ id: 2, channel: 'session:send', payload: { text: 'x', argv: ['rm'] } }));
    socket.send(JSON.stringify({ id: 3, channel: 'agent:spawn', payload: {} }));
    const replies = await until(() => (messages.length >= 4 ? (messages.slice(1) as WireReply[]) : undefined));
    expect(replies.map((reply) => (reply.ok ? 'ok' : reply.error.code))).toEqual(['invalid-request', 'invalid-request', 'invalid-request']);
    expect(fake.sent).toEqual([]);
  });

  it('serves the renderer with the CSP header and refuses paths outside it', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`);
    expect(escape.status).toBe(404);
  });
});
