/**
 * The Electron transport of the view contract: command handlers on ipcMain and the event stream
 * to one window's page over a MessagePort.
 *
 * Invariants (security rules of docs/ARCHITECTURE.md):
 * - Every message is checked for its sender BEFORE anything else: it must come from this
 *   window's webContents, from its main frame (never a subframe), and that frame must show the
 *   app's own page (the file:// index.html in production, the dev server's origin in dev).
 *   Anything else is refused and reaches neither the validator nor the core.
 * - Payloads are then validated by command-dispatch, exactly as for the web host; the reply is
 *   always a `{ok, ...}` object (the preload turns `ok: false` into a rejection with `.code`).
 * - Events flow only after the page asks (`events:subscribe`, sent by the preload once its
 *   listener is in place). Each subscription gets its own MessageChannelMain: one end goes to the
 *   page (`events:port`), the other carries every ViewEvent, the snapshot first. A dedicated port
 *   is ordered, structured-cloned (no JSON), needs no per-message routing through ipcMain and
 *   ends cleanly: closing it is the end of that stream, so an old page can never receive a newer
 *   subscription's events. A new request restarts the subscription (old port closed, new port
 *   and fresh snapshot). The subscription, and its port, ends when the page leaves (reload or any
 *   cross-document navigation), when its renderer dies, when the webContents is destroyed, or on
 *   `events:unsubscribe`. At most one core subscription, and one open port, exists per window.
 *
 * Electron objects come in as arguments, typed by the narrow shapes below (which Electron's own
 * objects satisfy), so all of this runs against fakes in plain Node.
 */

import { dispatchCommand, type DispatchResult } from '../core/command-dispatch';
import { CHANNELS } from '../shared/commands';
import { EVENTS_PORT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../shared/electron-event-channels';
import type { SluiceApi, ViewEvent } from '../shared/protocol';

export interface SenderFrame {
  readonly url: string;
}

export interface IpcSenderEvent {
  readonly sender: unknown;
  readonly senderFrame: SenderFrame | null;
}

/** The part of Electron's ipcMain this module uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, payload: unknown) => Promise<DispatchResult>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcSenderEvent, payload?: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: IpcSenderEvent) => void): unknown;
}

export interface StartNavigationEvent {
  isMainFrame: boolean;
  isSameDocument: boolean;
}

/** The part of Electron's WebContents this module uses; `Port` is what it can transfer (MessagePortMain). */
export interface ViewContents<Port = unknown> {
  readonly mainFrame: SenderFrame;
  isDestroyed(): boolean;
  postMessage(channel: typeof EVENTS_PORT_CHANNEL, message: null, transfer: Port[]): void;
  on(event: 'did-start-navigation', listener: (event: StartNavigationEvent) => void): unknown;
  on(event: 'render-process-gone', listener: () => void): unknown;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The part of Electron's MessagePortMain that main's end of an event stream uses. */
export interface EventPort {
  postMessage(event: ViewEvent): void;
  close(): void;
}

export interface IpcOptions<Port> {
  ipcMain: IpcMainLike;
  contents: ViewContents<Port>;
  api: SluiceApi;
  /** A new entangled pair (Electron: `new MessageChannelMain()`); port2 is transferred to the page. */
  createPortPair: () => { port1: EventPort; port2: Port };
  /** The app page's URL: `file://…/out/renderer/index.html`, or the dev server's URL. */
  appUrl: string;
  /** Told about each refused message (for a log line); never told anything the page sent. */
  onRefused?: (channel: string, senderUrl: string | undefined) => void;
}

const REFUSED_SENDER: DispatchResult = {
  ok: false,
  error: { code: 'invalid-request', message: "This request did not come from Sluice's own window, so it was refused." },
};

/** Registers the handlers; the returned function removes them and ends the event stream. */
export function registerIpc<Port>(options: IpcOptions<Port>): () => void {
  const { ipcMain, contents, api, appUrl } = options;
  const trusted = (event: IpcSenderEvent, channel: string): boolean => {
    if (isTrustedSender(event, contents, appUrl)) return true;
    options.onRefused?.(channel, frameUrl(event.senderFrame));
    return false;
  };

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload) => {
      if (!trusted(event, channel)) return REFUSED_SENDER;
      return dispatchCommand(api, channel, payload);
    });
  }

  let stopStream: (() => void) | undefined;
  const stopEvents = (): void => {
    stopStream?.();
    stopStream = undefined;
  };
  const startEvents = (flowControl: boolean): void => {
    // Stop first: the new subscription's snapshot already contains anything the old one had
    // not delivered yet, so nothing is lost and nothing is applied twice.
    stopEvents();
    // Electron throws on postMessage to a destroyed webContents; its `destroyed` ends it all anyway.
    if (contents.isDestroyed()) return;
    const { port1, port2 } = options.createPortPair();
    // Messages posted to port1 wait in the pair until the page starts port2, so the snapshot
    // posted by `subscribe` below is still the first thing the page reads from it.
    contents.postMessage(EVENTS_PORT_CHANNEL, null, [port2]);
    const unsubscribe = api.subscribe((event) => port1.postMessage(event), { flowControl });
    stopStream = () => {
      unsubscribe();
      port1.close();
    };
  };

  const onSubscribe = (event: IpcSenderEvent, payload?: unknown): void => {
    // Only an explicit `{ flowControl: true }` turns credits on; anything else is a plain stream.
    const flowControl = typeof payload === 'object' && payload !== null && (payload as { flowControl?: unknown }).flowControl === true;
    if (trusted(event, SUBSCRIBE_CHANNEL)) startEvents(flowControl);
  };
  const onUnsubscribe = (event: IpcSenderEvent): void => {
    if (trusted(event, UNSUBSCRIBE_CHANNEL)) stopEvents();
  };
  ipcMain.on(SUBSCRIBE_CHANNEL, onSubscribe);
  ipcMain.on(UNSUBSCRIBE_CHANNEL, onUnsubscribe);

  // The page that subscribed is going away: the next page subscribes for itself and must start
  // from a snapshot, never from the middle of the old page's patch stream.
  contents.on('did-start-navigation', (event) => {
    if (event.isMainFrame && !event.isSameDocument) stopEvents();
  });
  contents.on('render-process-gone', stopEvents);
  contents.once('destroyed', stopEvents);

  return () => {
    stopEvents();
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
    ipcMain.removeListener(SUBSCRIBE_CHANNEL, onSubscribe);
    ipcMain.removeListener(UNSUBSCRIBE_CHANNEL, onUnsubscribe);
  };
}

/** True when the message came from `contents`' main frame while it shows the app's page. */
export function isTrustedSender(event: IpcSenderEvent, contents: ViewContents, appUrl: string): boolean {
  if (event.sender !== contents) return false;
  try {
    const frame = event.senderFrame;
    // Electron keeps one WebFrameMain object per frame, so identity is the main-frame test.
    if (frame === null || frame !== contents.mainFrame) return false;
    return isAppPage(frame.url, appUrl);
  } catch {
    // A frame that was disposed meanwhile throws on access: it cannot be trusted.
    return false;
  }
}

/**
 * Production (file:): the very same file, whatever the query or fragment; file: URLs have no
 * usable origin, so the path is the identity. Development (http:): the dev server's origin.
 */
export function isAppPage(pageUrl: string, appUrl: string): boolean {
  try {
    const page = new URL(pageUrl);
    const app = new URL(appUrl);
    if (app.protocol === 'file:') {
      return (
        page.protocol === 'file:' &&
        page.host === app.host &&
        decodeURIComponent(page.pathname) === decodeURIComponent(app.pathname)
      );
    }
    // An opaque origin ("null") is equal to every other opaque origin: never a match.
    return app.origin !== 'null' && page.origin === app.origin;
  } catch {
    return false;
  }
}

function frameUrl(frame: SenderFrame | null): string | undefined {
  try {
    return frame?.url;
  } catch {
    return undefined;
  }
}
