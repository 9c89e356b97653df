/**
 * The preload: exposes `window.sluice`, the view contract (`SluiceApi`), and nothing else.
 *
 * Invariants:
 * - One narrow method per command of the table (shared/commands.ts) plus `subscribe`;
 *   ipcRenderer, channel names, Electron's event objects and the event port never reach the page.
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
 * Built to CommonJS and run sandboxed: it imports 'electron' and the shared command table, which
 * the build bundles in (a sandboxed preload cannot require anything else).
 */

import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, COMMANDS, type Channel, type CommandMethods, type ReplyOf, type RequestOf } from '../shared/commands';
import { EVENTS_PORT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../shared/electron-event-channels';
import type { SluiceApi, ViewEvent } from '../shared/protocol';

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

ipcRenderer.on(EVENTS_PORT_CHANNEL, (event) => {
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

const commandMethods = Object.fromEntries(
  CHANNELS.map((channel) => [COMMANDS[channel].method, (payload?: RequestOf<typeof channel>) => command(channel, payload ?? {})]),
) as unknown as CommandMethods;

const api = {
  ...commandMethods,
  subscribe: (listener, options) => {
    let synced = false;
    let active = true;
    const deliver = (viewEvent: ViewEvent): void => {
      if (viewEvent.kind === 'snapshot') synced = true;
      if (synced) listener(viewEvent);
    };
    deliveries.add(deliver);
    // A plain object of one boolean: whatever else the page passed stays on this side.
    ipcRenderer.send(SUBSCRIBE_CHANNEL, { flowControl: options?.flowControl === true });
    return () => {
      if (!active) return;
      active = false;
      deliveries.delete(deliver);
      if (deliveries.size > 0) return;
      closeEventPort();
      ipcRenderer.send(UNSUBSCRIBE_CHANNEL);
    };
  },
} satisfies SluiceApi;

contextBridge.exposeInMainWorld('sluice', api);
