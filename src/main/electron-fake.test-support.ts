/**
 * Hand-written fakes of the Electron pieces that ipc.ts and window.ts take as arguments:
 * ipcMain, a webContents with its frames, and a session. They record what the code under test
 * did and let a test play the other side (invoke a handler from some frame, emit an event).
 *
 * Only the behaviour those modules rely on is modelled, and modelled as Electron documents it:
 * one handler per channel (a second `handle` throws), one object per frame, events in order.
 */

import type { IpcMainLike, IpcSenderEvent, SenderFrame, ViewContents } from './ipc';
import type { DispatchResult } from './core/command-dispatch';
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

export type WindowOpenHandler = (details: { url: string }) => { action: 'deny' };

export class FakeWebContents extends FakeEmitter implements ViewContents, GuardedContents {
  readonly mainFrame: FakeFrame;
  readonly sent: SentMessage[] = [];
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

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** Like Electron: `destroyed` fires once, and the object refuses `send` afterwards. */
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
