/**
 * THE contract between the core and a view, whatever carries it (Electron IPC, the web host's
 * WebSocket, or an in-process call).
 *
 * Invariants:
 * - A view sends commands (`Commands`), each a request with one reply; the core pushes
 *   `ViewEvent`s on the single `session:events` channel, in order.
 * - The first event a view receives for a session is a `snapshot`; after it, only `patches`
 *   batches, applied in order with `applyPatches`. A view never needs anything else to be exact.
 * - Command payloads are validated on arrival (see command-schemas.ts); a view never supplies a
 *   program path or argv.
 */

import type { AgentInfo, SessionPatch, SessionView } from './session-view';

export const EVENTS_CHANNEL = 'session:events';

export interface Hello {
  app: 'sluice';
  version: string;
  transport: 'electron' | 'web' | 'in-process';
  sessionId: string;
  agent: AgentInfo;
}

export interface SendRequest {
  text: string;
}

export interface Commands {
  'app:hello': { request: Record<string, never>; reply: Hello };
  'session:send': { request: SendRequest; reply: { turnId: string } };
  'session:interrupt': { request: Record<string, never>; reply: { accepted: boolean } };
}

export type Channel = keyof Commands;
export type RequestOf<C extends Channel> = Commands[C]['request'];
export type ReplyOf<C extends Channel> = Commands[C]['reply'];

export type ViewEvent =
  | { kind: 'snapshot'; session: SessionView }
  | { kind: 'patches'; sessionId: string; patches: SessionPatch[] };

/** What the renderer sees as `window.sluice` (Electron) or builds over a WebSocket (web). */
export interface SluiceApi {
  hello(): Promise<Hello>;
  send(request: SendRequest): Promise<ReplyOf<'session:send'>>;
  interrupt(): Promise<ReplyOf<'session:interrupt'>>;
  /** Starts delivery; the first event is a snapshot. Returns the unsubscribe function. */
  subscribe(listener: (event: ViewEvent) => void): () => void;
}

/** Over the WebSocket: a command from the view, and the core's reply to it. */
export interface WireRequest<C extends Channel = Channel> {
  id: number;
  channel: C;
  payload: RequestOf<C>;
}

export type WireReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };

export interface WireEvent {
  channel: typeof EVENTS_CHANNEL;
  event: ViewEvent;
}
