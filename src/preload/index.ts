/**
 * The preload: exposes `window.sluice`, the view contract (`SluiceApi`), and nothing else.
 *
 * Invariants:
 * - One narrow method per command plus `subscribe`; ipcRenderer, channel names and Electron's
 *   event objects never reach the page.
 * - A command whose reply is `ok: false` rejects with a plain `{ name, code, message }` object:
 *   contextBridge copies an Error with its message only, so a plain object is the only way the
 *   page gets the `code`.
 * - A listener sees a snapshot first, then patches in order: patches that arrive before its
 *   snapshot (the tail of an earlier stream) are dropped, since the snapshot contains them.
 *   Each `subscribe` asks main for a fresh snapshot; listeners already in place receive it too,
 *   which is harmless because a snapshot replaces the whole view.
 * - `subscribe` forwards `{ flowControl }` with its request (false unless asked), so main knows
 *   whether this page grants credits; `credit` is one more narrow command (`stream:credit`).
 *
 * Built to CommonJS and run sandboxed: it imports only 'electron' and types.
 */

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Channel, EVENTS_CHANNEL, ReplyOf, RequestOf, SluiceApi, ViewEvent } from '../shared/protocol';

// Literals rather than imports keep the bundle free of shared modules; the types tie them to the
// contract, and preload.test.ts ties the subscription channels to main's.
const EVENTS: typeof EVENTS_CHANNEL = 'session:events';
const SUBSCRIBE = 'events:subscribe';
const UNSUBSCRIBE = 'events:unsubscribe';

type CommandOutcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

async function command<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ReplyOf<C>> {
  const outcome = (await ipcRenderer.invoke(channel, payload)) as CommandOutcome;
  if (outcome.ok) return outcome.result as ReplyOf<C>;
  return Promise.reject({ name: 'SluiceError', code: outcome.error.code, message: outcome.error.message });
}

let activeListeners = 0;

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
  newSession: () => command('sessions:new', {}),
  subscribe: (listener, options) => {
    let synced = false;
    let active = true;
    const onEvent = (_event: IpcRendererEvent, viewEvent: ViewEvent): void => {
      if (viewEvent.kind === 'snapshot') synced = true;
      if (synced) listener(viewEvent);
    };
    ipcRenderer.on(EVENTS, onEvent);
    activeListeners += 1;
    // A plain object of one boolean: whatever else the page passed stays on this side.
    ipcRenderer.send(SUBSCRIBE, { flowControl: options?.flowControl === true });
    return () => {
      if (!active) return;
      active = false;
      ipcRenderer.removeListener(EVENTS, onEvent);
      activeListeners -= 1;
      if (activeListeners === 0) ipcRenderer.send(UNSUBSCRIBE);
    };
  },
} satisfies SluiceApi;

contextBridge.exposeInMainWorld('sluice', api);
