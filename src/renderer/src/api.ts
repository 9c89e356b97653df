/**
 * The renderer's only door to the core: `window.sluice` under Electron (the preload's
 * contextBridge object), otherwise a WebSocket bridge to the loopback web host.
 *
 * Invariants:
 * - No other renderer module touches `window.sluice`, `WebSocket`, the token or the address bar.
 * - Every request gets exactly one outcome: its reply (matched by id), a `RemoteError` carrying
 *   the wire error's `code`, or a `disconnected` RemoteError when the socket drops before the
 *   reply (the request may or may not have run; the next snapshot tells what did).
 * - Requests made while the socket is not open wait for the next open, at most
 *   `MAX_WAITING_REQUESTS` of them; beyond that they are refused rather than piled up.
 * - The bridge reconnects after every drop with exponential backoff; the server sends a fresh
 *   snapshot on each connection, so a view never has to repair a gap itself.
 * - The web token is read from `?token=` once, moved to sessionStorage and removed from the
 *   address bar: a reload still works, and the token is not left on screen or in history.
 * - Flow control: the web host subscribes every connection with flow control on, so a web view
 *   must grant credits (`stream:credit`) whatever `subscribe` was asked; under Electron the
 *   options reach main through the preload. A credit is never queued while the socket is down:
 *   it names a channel that dies with the connection (the next snapshot opens a new one), so a
 *   late credit could only be wrong; it is refused with `disconnected` instead.
 */

import { CHANNELS, COMMANDS, type Channel, type CommandMethods, type ReplyOf, type RequestOf } from '../../shared/commands';
import { EVENTS_CHANNEL } from '../../shared/protocol';
import type { SluiceApi, ViewEvent, WireReply, WireRequest } from '../../shared/protocol';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** `SluiceApi` plus what a view needs to know about the pipe underneath it. */
export interface ConnectedApi extends SluiceApi {
  readonly transport: 'electron' | 'web';
  /** Calls `listener` at once with the current state, then on every change. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Stops reconnecting and closes the pipe; pending requests are rejected. */
  close(): void;
}

/** A failed request; `code` is the core's typed error code (or `disconnected`). */
export class RemoteError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'RemoteError';
    this.code = code;
  }
}

/** The part of the DOM WebSocket the bridge uses, so tests can inject a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WebSocketApiOptions {
  url: string;
  WebSocketImpl: WebSocketConstructor;
  timers?: Timers;
  /** First reconnect delay; doubled after each failed attempt up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

export const MAX_WAITING_REQUESTS = 32;
export const INITIAL_BACKOFF_MS = 250;
export const MAX_BACKOFF_MS = 5_000;
const SOCKET_OPEN = 1;
const TOKEN_STORAGE_KEY = 'sluice.token';

export function connectApi(): ConnectedApi {
  if (window.sluice !== undefined) return electronApi(window.sluice);
  const token = takeToken({ location: window.location, storage: window.sessionStorage, history: window.history });
  return createWebSocketApi({ url: webSocketUrl(window.location, token), WebSocketImpl: WebSocket });
}

/** `window.sluice` as a `ConnectedApi`: every command's rejection becomes a `RemoteError`. */
export function electronApi(sluice: SluiceApi): ConnectedApi {
  // The preload's IPC cannot "drop" like a socket: the window and the core live and die together.
  const commandMethods = commandMethodsOver((channel, payload) => {
    const method = sluice[COMMANDS[channel].method] as (request: unknown) => Promise<unknown>;
    return method.call(sluice, payload).catch(asRemoteError);
  });
  return {
    transport: 'electron',
    ...commandMethods,
    subscribe: (listener, options) => sluice.subscribe(listener, options),
    onConnectionChange: (listener) => {
      listener('open');
      return () => {};
    },
    close: () => {},
  };
}

/** One method per command of the table, each sending its channel through `send`. */
function commandMethodsOver(send: <C extends Channel>(channel: C, payload: RequestOf<C>) => Promise<unknown>): CommandMethods {
  return Object.fromEntries(
    CHANNELS.map((channel) => [COMMANDS[channel].method, (payload?: RequestOf<typeof channel>) => send(channel, payload ?? {})]),
  ) as unknown as CommandMethods;
}

/** The preload rejects with a plain `{ code, message }` (contextBridge strips Error fields). */
export function asRemoteError(reason: unknown): never {
  const { code, message } = (reason ?? {}) as { code?: unknown; message?: unknown };
  throw new RemoteError(typeof code === 'string' ? code : 'internal', typeof message === 'string' ? message : String(reason));
}

export interface TokenEnvironment {
  location: Pick<Location, 'href'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

/** The web host's token: from `?token=` on first load (then hidden), else from sessionStorage. */
export function takeToken(env: TokenEnvironment): string | null {
  const url = new URL(env.location.href);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery === null || fromQuery === '') return readStored(env.storage);
  try {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromQuery);
  } catch {
    // Storage can be disabled; the token still works for this page load.
  }
  url.searchParams.delete('token');
  env.history.replaceState(env.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return fromQuery;
}

function readStored(storage: TokenEnvironment['storage']): string | null {
  try {
    return storage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `${scheme}://${location.host}/ws${query}`;
}

interface PendingReply {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface WaitingRequest extends PendingReply {
  wire: WireRequest;
}

export function createWebSocketApi(options: WebSocketApiOptions): ConnectedApi {
  const timers: Timers = options.timers ?? {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  };
  const initialBackoffMs = options.initialBackoffMs ?? INITIAL_BACKOFF_MS;
  const maxBackoffMs = options.maxBackoffMs ?? MAX_BACKOFF_MS;

  const eventListeners = new Set<(event: ViewEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const awaitingReply = new Map<number, PendingReply>();
  const waiting: WaitingRequest[] = [];
  let socket: WebSocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let failedAttempts = 0;
  let reconnectTimer: unknown = null;
  let closedForGood = false;
  // Set when events arrived with nobody listening: a later subscriber needs a fresh snapshot.
  let missedEvents = false;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  }

  function ensureSocket(): void {
    if (socket !== null || closedForGood || reconnectTimer !== null) return;
    open();
  }

  function open(): void {
    const ws = new options.WebSocketImpl(options.url);
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      failedAttempts = 0;
      missedEvents = false;
      setState('open');
      for (const request of waiting.splice(0)) transmit(ws, request);
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      onMessage(event.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      onDrop();
    };
    // A failed connection also fires `close`, which is where reconnection happens.
    ws.onerror = () => {};
  }

  function onDrop(): void {
    socket = null;
    rejectAwaitingReply();
    if (closedForGood) return;
    setState('closed');
    const delay = Math.min(maxBackoffMs, initialBackoffMs * 2 ** failedAttempts);
    failedAttempts += 1;
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = null;
      if (!closedForGood) open();
    }, delay);
  }

  /** Reconnects at once: a fresh connection starts with the snapshot a late listener missed. */
  function restart(): void {
    const stale = socket;
    socket = null;
    missedEvents = false;
    rejectAwaitingReply();
    setState('connecting');
    stale?.close();
    open();
  }

  function rejectAwaitingReply(): void {
    for (const [id, pending] of awaitingReply) {
      awaitingReply.delete(id);
      pending.reject(new RemoteError('disconnected', 'The connection to Sluice dropped before the reply arrived.'));
    }
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return; // The host only sends JSON; anything else is noise we cannot act on.
    }
    if (typeof message !== 'object' || message === null) return;
    const record = message as Record<string, unknown>;
    if (record.channel === EVENTS_CHANNEL && typeof record.event === 'object' && record.event !== null) {
      deliver(record.event as ViewEvent);
      return;
    }
    if (typeof record.id === 'number' && typeof record.ok === 'boolean') settle(record as unknown as WireReply);
  }

  function deliver(event: ViewEvent): void {
    if (eventListeners.size === 0) {
      missedEvents = true;
      return;
    }
    for (const listener of eventListeners) listener(event);
  }

  function settle(reply: WireReply): void {
    const pending = awaitingReply.get(reply.id);
    if (pending === undefined) return;
    awaitingReply.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new RemoteError(reply.error.code, reply.error.message));
  }

  function transmit(ws: WebSocketLike, request: WaitingRequest): void {
    awaitingReply.set(request.wire.id, request);
    ws.send(JSON.stringify(request.wire));
  }

  /** A command whose table entry says `refuse` fails at once instead of waiting for the next connection. */
  function request<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ReplyOf<C>> {
    return new Promise<ReplyOf<C>>((resolve, reject) => {
      if (closedForGood) {
        reject(new RemoteError('disconnected', 'The connection to Sluice is closed.'));
        return;
      }
      const wire: WireRequest<C> = { id: nextId++, channel, payload };
      const entry: WaitingRequest = { wire, resolve: (result) => resolve(result as ReplyOf<C>), reject };
      ensureSocket();
      if (socket !== null && socket.readyState === SOCKET_OPEN && state === 'open') {
        transmit(socket, entry);
      } else if (COMMANDS[channel].whileDisconnected === 'refuse') {
        reject(new RemoteError('disconnected', 'Not connected to Sluice.'));
      } else if (waiting.length >= MAX_WAITING_REQUESTS) {
        reject(new RemoteError('disconnected', 'Not connected to Sluice; too many requests are waiting.'));
      } else {
        waiting.push(entry);
      }
    });
  }

  return {
    transport: 'web',
    ...commandMethodsOver(request),
    // The host decides flow control per connection (always on), so the options change nothing here.
    subscribe(listener, _options) {
      eventListeners.add(listener);
      if (missedEvents && socket !== null) restart();
      ensureSocket();
      return () => {
        eventListeners.delete(listener);
      };
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => {
        connectionListeners.delete(listener);
      };
    },
    close() {
      closedForGood = true;
      if (reconnectTimer !== null) timers.clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const ws = socket;
      if (ws !== null) {
        onDrop();
        ws.close();
      }
      for (const request of waiting.splice(0)) {
        request.reject(new RemoteError('disconnected', 'The connection to Sluice is closed.'));
      }
      setState('closed');
    },
  };
}
