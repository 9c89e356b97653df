/**
 * The preload: exposes `window.sluice`, the view contract (`SluiceApi`), and nothing else.
 *
 * Invariants:
 * - One narrow method per command plus `subscribe`; ipcRenderer, channel names, Electron's
 *   event objects and the event port never reach the page.
 * - Events arrive on a MessagePort that main transfers with each subscription (`events:port`):
 *   a dedicated channel, ordered, structured-cloned, with no per-message routing through ipcMain.
 *   One port is open at a time: a newer port replaces and closes the older one, whose unread
 *   tail the new snapshot already contains. Commands and credits stay on ipcRenderer.invoke.
 * - A command whose reply is `ok: false` rejects with a plain `{ name, code, message }` object:
 *   contextBridge copies an Error with its message only, so a plain object is the only way the
 *   page gets the `code`.
 * - A listener sees a snapshot first, then patches in order: patches that arrive before its
 *   snapshot (the tail of an earlier stream) are dropped, since the snapshot contains them.
 *   Each `subscribe` asks main for a fresh snapshot; listeners already in place receive it too,
 *   which is harmless because a snapshot replaces the whole view. When the last listener leaves,
 *   the port is closed and main is told (`events:unsubscribe`).
 * - `subscribe` forwards `{ flowControl }` with its request (false unless asked), so main knows
 *   whether this page grants credits; `credit` is one more narrow command (`stream:credit`).
 *
 * Built to CommonJS and run sandboxed: it imports only 'electron' and types.
 */

import { contextBridge, ipcRenderer } from 'electron';
import type { Channel, ReplyOf, RequestOf, SluiceApi, ViewEvent } from '../shared/protocol';

// Literals rather than imports keep the bundle free of shared modules; preload/index.test.ts ties
// them to main's.
const EVENTS_PORT = 'events:port';
const SUBSCRIBE = 'events:subscribe';
const UNSUBSCRIBE = 'events:unsubscribe';

/**
 * The part of the DOM MessagePort this file uses. It is type-checked without DOM types, where
 * Electron's `event.ports` resolves to Node's MessagePort, hence the shape stated here.
 */
interface EventPort {
  onmessage: ((message: { data: unknown }) => void) | null;
  start(): void;
  close(): void;
}

type CommandOutcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

async function command<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ReplyOf<C>> {
  const outcome = (await ipcRenderer.invoke(channel, payload)) as CommandOutcome;
  if (outcome.ok) return outcome.result as ReplyOf<C>;
  return Promise.reject({ name: 'SluiceError', code: outcome.error.code, message: outcome.error.message });
}

/** One delivery per `subscribe` call, each with its own "snapshot seen" state. */
const deliveries = new Set<(event: ViewEvent) => void>();
let eventPort: EventPort | undefined;

function closeEventPort(): void {
  eventPort?.close();
  eventPort = undefined;
}

ipcRenderer.on(EVENTS_PORT, (event) => {
  const port = event.ports[0] as unknown as EventPort | undefined;
  if (port === undefined) return;
  closeEventPort();
  // The answer to a request whose listeners have all left meanwhile: nobody will read it.
  if (deliveries.size === 0) {
    port.close();
    return;
  }
  eventPort = port;
  port.onmessage = (message) => {
    for (const deliver of deliveries) deliver(message.data as ViewEvent);
  };
  port.start();
});

const api = {
  hello: () => command('app:hello', {}),
  send: (request) => command('session:send', request),
  interrupt: () => command('session:interrupt', {}),
  continueTurn: (request) => command('session:continue', request),
  retryTurn: (request) => command('session:retry', request),
  approve: (answer) => command('session:approve', answer),
  credit: (request) => command('stream:credit', request),
  listSessions: () => command('sessions:list', {}),
  openSession: (request) => command('sessions:open', request),
  newSession: (settings) => command('sessions:new', settings ?? {}),
  changeSettings: (change) => command('session:settings', change),
  pickFolder: () => command('app:pick-folder', {}),
  subscribe: (listener, options) => {
    let synced = false;
    let active = true;
    const deliver = (viewEvent: ViewEvent): void => {
      if (viewEvent.kind === 'snapshot') synced = true;
      if (synced) listener(viewEvent);
    };
    deliveries.add(deliver);
    // A plain object of one boolean: whatever else the page passed stays on this side.
    ipcRenderer.send(SUBSCRIBE, { flowControl: options?.flowControl === true });
    return () => {
      if (!active) return;
      active = false;
      deliveries.delete(deliver);
      if (deliveries.size > 0) return;
      closeEventPort();
      ipcRenderer.send(UNSUBSCRIBE);
    };
  },
} satisfies SluiceApi;

contextBridge.exposeInMainWorld('sluice', api);
