/**
 * THE contract between the core and a view, whatever carries it (Electron IPC, the web host's
 * WebSocket, or an in-process call).
 *
 * Invariants:
 * - A view sends commands (the table in commands.ts), each a request with one reply; the core pushes
 *   `ViewEvent`s on the single `session:events` channel, in order.
 * - The first event a view receives for a session is a `snapshot`; after it, `patches` batches,
 *   applied in order with `applyPatches`. A view never needs anything else to be exact.
 * - Flow control: batches are numbered (`batch`, consecutive from the snapshot's). A view that
 *   subscribed with flow control receives at most `CREDIT_WINDOW` batches beyond the last one it
 *   acknowledged with `stream:credit`; a view that stops acknowledging slows the agent down
 *   (bounded queue, then real pipe backpressure), it never makes the core grow without bound.
 * - Every batch says which agent stdout lines it covers (`lines`), so a view can prove that it
 *   received every journaled line (`Lost` on the dashboard) instead of assuming it.
 * - `metrics` events carry flow samples for the dashboard; they are beside the data, not in it.
 * - Command payloads are validated on arrival (see commands.ts); a view never supplies a
 *   program path or argv. Session settings travel as data (`SessionSettings`); main validates
 *   them and alone turns them into flags and a working directory.
 * - A refused setting's message starts with its field's label (`SETTING_LABELS`), so a view can
 *   show it next to that field.
 */

import type { Channel, CommandMethods, RequestOf } from './commands';
import type { AgentInfo, SessionPatch, SessionView } from './session-view';

export const EVENTS_CHANNEL = 'session:events';

export interface Hello {
  app: 'sluice';
  version: string;
  transport: 'electron' | 'web' | 'in-process';
  sessionId: string;
  agent: AgentInfo;
  /** What a new session gets when its settings leave a field out. */
  sessionDefaults: { cwd: string };
}

/**
 * The permission modes every supported claude accepts for `--permission-mode` and
 * `set_permission_mode` (2.1.197 and 2.1.331 agree on these six; 2.1.331 adds `manual`, which it
 * reports as `default`).
 */
export const PERMISSION_MODES = ['default', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions'] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

/** Model names are aliases (`sonnet`) or full ids (`claude-sonnet-4-5-20250929`, `sonnet[1m]`). */
export const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/[\]-]*$/;
export const MAX_MODEL_CHARS = 128;
export const MAX_CWD_CHARS = 4096;

/** A Sluice session id (also its journal's file name): the registry makes them, views name them. */
export const SESSION_ID_PATTERN = /^[0-9A-Za-z-]{1,64}$/;

/**
 * How a session's agent runs. Every field is optional on the way in (left out: the host's
 * default, or the CLI's own for model and mode); a session view carries the resolved settings,
 * where `cwd` is always an absolute path.
 */
export interface SessionSettings {
  model?: string;
  cwd?: string;
  permissionMode?: PermissionMode;
}

/** A change to the active session's running agent; the working directory cannot change live. */
export interface SettingsChange {
  model?: string;
  permissionMode?: PermissionMode;
}

/** The words a view labels each setting with; a refused setting's message starts with its label. */
export const SETTING_LABELS = { cwd: 'Working directory', model: 'Model', permissionMode: 'Permission mode' } as const;
export type SettingField = keyof typeof SETTING_LABELS;

export interface SendRequest {
  text: string;
}

/** The person's answer to a tool approval request. */
export interface ApprovalAnswer {
  requestId: string;
  behavior: 'allow' | 'deny';
  /** Told to the agent on deny. */
  message?: string;
}

/** One entry of the session list (the sidebar). */
export interface SessionSummary {
  id: string;
  /** The first prompt, shortened. */
  title: string;
  /** Has a Session in memory (its agent may or may not be running); else only a journal on disk. */
  live: boolean;
  streaming: boolean;
  active: boolean;
  lastStatus?: 'streaming' | 'completed' | 'interrupted' | 'failed';
}

export interface SessionRequest {
  id: string;
}

/** Names an earlier turn (to continue or retry it). */
export interface TurnRequest {
  turnId: string;
}

export interface CreditRequest {
  /** The delivery channel, as named by the snapshot that opened it. */
  channel: number;
  /** The highest batch number the view has applied and committed to the screen. */
  batch: number;
}

/** Batches a flow-controlled view may have received but not yet acknowledged. */
export const CREDIT_WINDOW = 4;

/**
 * The most a batch weighs (`patchesWeight`), and so the most new content a view draws in one
 * frame: a frame's work stays bounded whatever the agent's rate, and the rest waits its turn
 * (and its credit) instead of freezing the window.
 */
export const MAX_BATCH_BYTES = 64 * 1024;

/** A batch carries at most this many agent write stamps: enough to measure latency, cheap to carry. */
export const MAX_STAMPS_PER_BATCH = 32;

/** Flow metrics, sampled beside the pipeline (a few times a second) for the dashboard. */
export interface FlowSample {
  /** Core clock, ms since the epoch. */
  t: number;
  /** Agent stdout lines and bytes per second over the last interval. */
  linesPerSec: number;
  bytesPerSec: number;
  /** This view's outbound queue, against its watermarks. */
  queueBytes: number;
  queuePatches: number;
  lowWatermarkBytes: number;
  highWatermarkBytes: number;
  hardCapBytes: number;
  /** Reading of the agent's stdout is paused: the OS pipe fills and the agent blocks in write(). */
  paused: boolean;
  /** A batch is ready but this view has no credit left. */
  creditStarved: boolean;
  /** Cumulative: times reading was paused; patches merged away by lossless coalescing. */
  pauses: number;
  coalescedPatches: number;
  /** Cumulative agent stdout lines journaled, and those whose patches were sent to this view. */
  journaledLines: number;
  deliveredLines: number;
  mainRssBytes: number;
  mainHeapUsedBytes: number;
  /** Event-loop delay of the process that runs the core (p99 over the interval, ms). */
  loopLagMs: number;
}

export type ViewEvent =
  | {
      kind: 'snapshot';
      session: SessionView;
      /** This subscription's delivery channel; credits name it. */
      channel: number;
      /** The batch number the snapshot stands for: the next batch is `batch + 1`. */
      batch: number;
      /** Agent stdout lines already folded into the snapshot. */
      lines: number;
    }
  | {
      kind: 'patches';
      sessionId: string;
      patches: SessionPatch[];
      batch: number;
      /** Agent stdout line numbers this batch covers, inclusive; null when it covers none. */
      lines: [first: number, last: number] | null;
      /** Agent write times (the simulator's `sim_ts`) of some lines in the batch, for latency. */
      agentStamps: number[];
    }
  | { kind: 'metrics'; sessionId: string; sample: FlowSample }
  /** The active session changed (a snapshot of it follows) or the list did. */
  | { kind: 'sessions'; sessions: SessionSummary[]; activeId: string };

export interface SubscribeOptions {
  /** Deliver at most CREDIT_WINDOW batches ahead of the view's `stream:credit`. */
  flowControl: boolean;
}

/**
 * What the renderer sees as `window.sluice` (Electron) or builds over a WebSocket (web): one
 * method per command of the table (commands.ts), and the event stream.
 */
export interface SluiceApi extends CommandMethods {
  /** Starts delivery; the first event is a snapshot. Returns the unsubscribe function. */
  subscribe(listener: (event: ViewEvent) => void, options?: SubscribeOptions): () => void;
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
