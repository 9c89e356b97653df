/**
 * THE command table: one entry per command a view can send to the core. Each names the
 * `SluiceApi` method views call, validates the payload, and states (as a type) the reply. Every
 * transport is derived from it: the Electron IPC handlers (main/ipc.ts), the preload's
 * `window.sluice`, the web host's WebSocket dispatch (core/command-dispatch.ts serves both) and
 * the web client (renderer/src/api.ts). Adding a command is one entry here plus its handler in
 * core/core.ts; the types refuse a transport that forgets it.
 *
 * Invariants:
 * - A payload that does not match its schema is rejected before any handler runs; the schemas
 *   are strict (unknown keys are refused), and a prompt is bounded by `MAX_PROMPT_CHARS`.
 * - Settings are checked for shape here (bounded strings, a known permission mode, a model of
 *   safe characters); whether a working directory exists is the core's question
 *   (core/session/session-settings.ts). Their messages start with the field's label
 *   (`SETTING_LABELS`).
 * - A view never supplies a program path or argv: no schema has a field for one.
 */

import * as v from 'valibot';
import {
  MAX_CWD_CHARS,
  MAX_MODEL_CHARS,
  MODEL_PATTERN,
  PERMISSION_MODES,
  SESSION_ID_PATTERN,
  SETTING_LABELS,
  type ApprovalAnswer,
  type CreditRequest,
  type Hello,
  type SendRequest,
  type SessionRequest,
  type SessionSettings,
  type SessionSummary,
  type SettingsChange,
  type TurnRequest,
} from './protocol';

/** A prompt larger than this is refused rather than written to the agent's stdin. */
export const MAX_PROMPT_CHARS = 1_000_000;

interface CommandSpec<Method extends string, Request, Reply> {
  /** The `SluiceApi` method that sends it. */
  readonly method: Method;
  /** Checks the payload where it arrives in the core. */
  readonly request: v.GenericSchema<unknown, Request>;
  /**
   * What a view does with it while its connection is down: `wait` for the next one, or `refuse`
   * at once (a credit names a delivery channel that dies with the connection).
   */
  readonly whileDisconnected: 'wait' | 'refuse';
  /** Type only: what the command resolves to. */
  readonly reply?: Reply;
}

/** `command<Reply>()(method, schema)`: the reply type stated, the rest inferred. */
function command<Reply>() {
  return <Method extends string, Request>(
    method: Method,
    request: v.GenericSchema<unknown, Request>,
    whileDisconnected: 'wait' | 'refuse' = 'wait',
  ): CommandSpec<Method, Request, Reply> => ({ method, request, whileDisconnected });
}

type Empty = Record<string, never>;
const empty: v.GenericSchema<unknown, Empty> = v.strictObject({});
const turnId = v.pipe(v.string(), v.maxLength(64));

const model = v.pipe(
  v.string(`${SETTING_LABELS.model}: must be text.`),
  v.minLength(1, `${SETTING_LABELS.model}: leave it out for the CLI's default rather than sending it empty.`),
  v.maxLength(MAX_MODEL_CHARS, `${SETTING_LABELS.model}: at most ${MAX_MODEL_CHARS} characters.`),
  v.regex(MODEL_PATTERN, `${SETTING_LABELS.model}: use a name like sonnet or claude-sonnet-4-5-20250929 (letters, digits and . _ - : @ / [ ], starting with a letter or digit).`),
);
const permissionMode = v.picklist(PERMISSION_MODES, `${SETTING_LABELS.permissionMode}: must be one of ${PERMISSION_MODES.join(', ')}.`);
const cwd = v.pipe(
  v.string(`${SETTING_LABELS.cwd}: must be text.`),
  v.minLength(1, `${SETTING_LABELS.cwd}: leave it out for the default rather than sending it empty.`),
  v.maxLength(MAX_CWD_CHARS, `${SETTING_LABELS.cwd}: at most ${MAX_CWD_CHARS} characters.`),
);

export const COMMANDS = {
  'app:hello': command<Hello>()('hello', empty),
  'session:send': command<{ turnId: string }>()(
    'send',
    v.strictObject({
      text: v.pipe(v.string(), v.check((text) => text.trim().length > 0, 'The message is empty.'), v.maxLength(MAX_PROMPT_CHARS, 'The message is too long.')),
    }) satisfies v.GenericSchema<unknown, SendRequest>,
  ),
  'session:interrupt': command<{ accepted: boolean }>()('interrupt', empty),
  /** Asks the agent to carry on exactly where an interrupted or failed answer stopped. */
  'session:continue': command<{ turnId: string }>()('continueTurn', v.strictObject({ turnId }) satisfies v.GenericSchema<unknown, TurnRequest>),
  /** Sends the prompt of an earlier turn again. */
  'session:retry': command<{ turnId: string }>()('retryTurn', v.strictObject({ turnId }) satisfies v.GenericSchema<unknown, TurnRequest>),
  /** The person's answer to a tool approval; `accepted` is false when it was already answered or withdrawn. */
  'session:approve': command<{ accepted: boolean }>()(
    'approve',
    v.strictObject({
      requestId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
      behavior: v.picklist(['allow', 'deny']),
      message: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
    }) satisfies v.GenericSchema<unknown, ApprovalAnswer>,
  ),
  'stream:credit': command<{ ok: true }>()(
    'credit',
    v.strictObject({
      channel: v.pipe(v.number(), v.integer(), v.minValue(0)),
      batch: v.pipe(v.number(), v.integer(), v.minValue(0)),
    }) satisfies v.GenericSchema<unknown, CreditRequest>,
    'refuse',
  ),
  'sessions:list': command<{ sessions: SessionSummary[]; activeId: string }>()('listSessions', empty),
  /** Shows another session (a past one is restored from its journal); views get its snapshot. */
  'sessions:open': command<{ id: string }>()(
    'openSession',
    v.strictObject({ id: v.pipe(v.string(), v.regex(SESSION_ID_PATTERN, 'Not a session id.')) }) satisfies v.GenericSchema<unknown, SessionRequest>,
  ),
  /** Starts a session with its own agent; settings left out take the host's defaults. */
  'sessions:new': command<{ id: string }>()(
    'newSession',
    v.strictObject({ model: v.optional(model), cwd: v.optional(cwd), permissionMode: v.optional(permissionMode) }) satisfies v.GenericSchema<unknown, SessionSettings>,
  ),
  /** Changes the model or permission mode of the active session, live when its agent runs. */
  'session:settings': command<{ settings: SessionSettings }>()(
    'changeSettings',
    v.pipe(
      v.strictObject({ model: v.optional(model), permissionMode: v.optional(permissionMode) }),
      v.check((change) => change.model !== undefined || change.permissionMode !== undefined, 'Name a model or a permission mode to change.'),
    ) satisfies v.GenericSchema<unknown, SettingsChange>,
  ),
  /** Asks the person for a folder (Electron's picker); `path` is null when they cancel. Refused with `unsupported` where there is none. */
  'app:pick-folder': command<{ path: string | null }>()('pickFolder', empty),
};

export type Channel = keyof typeof COMMANDS;
export const CHANNELS = Object.keys(COMMANDS) as Channel[];

type SpecOf<C extends Channel> = (typeof COMMANDS)[C];
export type RequestOf<C extends Channel> = SpecOf<C> extends CommandSpec<string, infer Request, unknown> ? Request : never;
export type ReplyOf<C extends Channel> = SpecOf<C> extends CommandSpec<string, unknown, infer Reply> ? Reply : never;
type MethodOf<C extends Channel> = SpecOf<C>['method'];
/** A command without fields is called without a payload. */
type ArgsOf<C extends Channel> = RequestOf<C> extends Empty ? [request?: Empty] : [request: RequestOf<C>];

/** One method per command, as views call them; `SluiceApi` adds the event subscription. */
export type CommandMethods = { [C in Channel as MethodOf<C>]: (...args: ArgsOf<C>) => Promise<ReplyOf<C>> };

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(COMMANDS, value);
}

export type PayloadCheck<C extends Channel> = { ok: true; payload: RequestOf<C> } | { ok: false; message: string };

export function parsePayload<C extends Channel>(channel: C, payload: unknown): PayloadCheck<C> {
  const result = v.safeParse(COMMANDS[channel].request as v.GenericSchema<unknown, RequestOf<C>>, payload ?? {});
  if (result.success) return { ok: true, payload: result.output };
  return { ok: false, message: result.issues.map((issue) => issue.message).join('; ') };
}
