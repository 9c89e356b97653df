/**
 * Hand-written fakes of the Electron pieces that ipc.ts and window.ts take as arguments:
 * ipcMain, a webContents with its frames, a MessageChannelMain's ports, and a session. They
 * record what the code under test did and let a test play the other side (invoke a handler from
 * some frame, emit an event, read what arrived at the page's end of a port).
 *
 * Only the behaviour those modules rely on is modelled, and modelled as Electron documents it:
 * one handler per channel (a second `handle` throws), one object per frame, events in order,
 * port messages structured-cloned and silently dropped once the pair is closed, and a destroyed
 * webContents refusing messages.
 */

import type { EVENTS_PORT_CHANNEL } from '../shared/electron-event-channels';
import type { EventPort, IpcMainLike, IpcSenderEvent, SenderFrame, ViewContents } from './ipc';
import type { DispatchResult } from '../core/command-dispatch';
import type { GuardedContents, HeaderSession, HeadersDetails, PermissionSession } from './window';
import type { EVENTS_CHANNEL, ViewEvent } from '../shared/protocol';

type Listener = (...args: unknown[]) => unknown;

class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as Listener]);
    return this;
  }

  once(event: string, listener: (...args: never[]) => unknown): this {
    const wrapped: Listener = (...args) => {
      this.removeListener(event, wrapped);
      return (listener as Listener)(...args);
    };
    return this.on(event, wrapped);
  }

  removeListener(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((known) => known !== listener),
    );
    return this;
  }

  /** Calls the listeners in registration order; returns what they returned. */
  emit(event: string, ...args: unknown[]): unknown[] {
    return [...(this.listeners.get(event) ?? [])].map((listener) => listener(...args));
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeFrame implements SenderFrame {
  constructor(public url: string) {}
}

export interface SentMessage {
  channel: typeof EVENTS_CHANNEL;
  event: ViewEvent;
}

/**
 * One end of a MessageChannelMain pair. What one end posts arrives, cloned, in the other end's
 * `received`; closing either end disentangles both, after which posts are dropped (as Electron
 * does: no error, no delivery).
 */
export class FakeMessagePort implements EventPort {
  readonly received: ViewEvent[] = [];
  closed = false;
  private peer: FakeMessagePort | undefined;

  /** `new MessageChannelMain()`. */
  static pair(): { port1: FakeMessagePort; port2: FakeMessagePort } {
    const port1 = new FakeMessagePort();
    const port2 = new FakeMessagePort();
    port1.peer = port2;
    port2.peer = port1;
    return { port1, port2 };
  }

  postMessage(event: ViewEvent): void {
    if (this.closed) return;
    this.peer?.received.push(structuredClone(event));
  }

  close(): void {
    this.closed = true;
    if (this.peer !== undefined) this.peer.closed = true;
  }
}

export interface PortTransfer {
  channel: typeof EVENTS_PORT_CHANNEL;
  message: null;
  ports: FakeMessagePort[];
}

export type WindowOpenHandler = (details: { url: string }) => { action: 'deny' };

export class FakeWebContents extends FakeEmitter implements ViewContents<FakeMessagePort>, GuardedContents {
  readonly mainFrame: FakeFrame;
  /** Plain channel messages (webContents.send); the event stream must not use them. */
  readonly sent: SentMessage[] = [];
  /** Messages that transferred ports (webContents.postMessage), in order. */
  readonly transfers: PortTransfer[] = [];
  windowOpenHandler: WindowOpenHandler | undefined;
  private destroyed = false;

  constructor(url: string) {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: typeof EVENTS_CHANNEL, event: ViewEvent): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, event });
  }

  postMessage(channel: typeof EVENTS_PORT_CHANNEL, message: null, transfer: FakeMessagePort[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.transfers.push({ channel, message, ports: [...transfer] });
  }

  /** The page's end of every port transferred so far, oldest first. */
  pagePorts(): FakeMessagePort[] {
    return this.transfers.flatMap((transfer) => transfer.ports);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** Like Electron: `destroyed` fires once, and the object refuses messages afterwards. */
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  /** A main-frame reload: Electron emits did-start-navigation for it. */
  reload(): void {
    this.emit('did-start-navigation', { url: this.mainFrame.url, isMainFrame: true, isSameDocument: false });
  }

  /** Plays a will-navigate; returns whether the code under test prevented it. */
  willNavigate(url: string, isSameDocument = false): boolean {
    const event = new FakePreventable();
    this.emit('will-navigate', Object.assign(event, { url, isSameDocument }));
    return event.defaultPrevented;
  }
}

export class FakePreventable {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type InvokeHandler = (event: IpcSenderEvent, payload: unknown) => Promise<DispatchResult>;

export class FakeIpcMain extends FakeEmitter implements IpcMainLike {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, listener: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke(channel, payload) from `frame` of `sender` would get back. */
  async invoke(channel: string, payload: unknown, from: IpcSenderEvent): Promise<DispatchResult> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return handler(from, payload);
  }

  /** What ipcRenderer.send(channel, payload) from `frame` of `sender` would do. */
  sendFrom(channel: string, from: IpcSenderEvent, payload?: unknown): void {
    this.emit(channel, from, payload);
  }
}

/** An IPC event as Electron builds it: the sending webContents and frame. */
export function ipcEvent(sender: unknown, senderFrame: SenderFrame | null): IpcSenderEvent {
  return { sender, senderFrame };
}

type PermissionRequestHandler = Parameters<PermissionSession['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<PermissionSession['setPermissionCheckHandler']>[0];
type HeadersListener = Parameters<HeaderSession['webRequest']['onHeadersReceived']>[0];
type HeadersResponse = Parameters<Parameters<HeadersListener>[1]>[0];

export class FakeSession implements PermissionSession, HeaderSession {
  requestHandler: PermissionRequestHandler | undefined;
  checkHandler: PermissionCheckHandler | undefined;
  headersListener: HeadersListener | undefined;

  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }

  /** Plays a permission request; resolves with what the handler granted. */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.requestHandler;
    if (handler === undefined) return Promise.resolve(true); // Electron's default grants.
    return new Promise((resolve) => handler({}, permission, resolve));
  }

  checkPermission(permission: string): boolean {
    return this.checkHandler === undefined ? true : this.checkHandler({}, permission);
  }

  /** Plays a response through the headers listener; resolves with the headers Chromium uses. */
  receiveHeaders(details: HeadersDetails): Promise<HeadersResponse> {
    const listener = this.headersListener;
    if (listener === undefined) return Promise.resolve({});
    return new Promise((resolve) => listener(details, resolve));
  }
}
