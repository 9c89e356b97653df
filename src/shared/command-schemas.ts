/**
 * Validation of every command payload that arrives from a view, shared by the Electron IPC
 * handlers and the web host so both accept exactly the same inputs.
 *
 * Invariant: a payload that does not match is rejected before any handler runs; the schemas
 * are strict (unknown keys are refused), and a prompt is bounded by `MAX_PROMPT_CHARS`.
 * Settings are checked for shape here (bounded strings, a known permission mode, a model of
 * safe characters); whether a working directory exists is main's question
 * (session-settings.ts). Their messages start with the field's label (`SETTING_LABELS`).
 */

import * as v from 'valibot';
import { MAX_CWD_CHARS, MAX_MODEL_CHARS, MODEL_PATTERN, PERMISSION_MODES, SETTING_LABELS, type Channel, type RequestOf } from './protocol';

/** A prompt larger than this is refused rather than written to the agent's stdin. */
export const MAX_PROMPT_CHARS = 1_000_000;

const empty = v.strictObject({});

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

const schemas = {
  'app:hello': empty,
  'session:send': v.strictObject({
    text: v.pipe(v.string(), v.check((text) => text.trim().length > 0, 'The message is empty.'), v.maxLength(MAX_PROMPT_CHARS, 'The message is too long.')),
  }),
  'session:interrupt': empty,
  'session:continue': v.strictObject({ turnId: v.pipe(v.string(), v.maxLength(64)) }),
  'session:retry': v.strictObject({ turnId: v.pipe(v.string(), v.maxLength(64)) }),
  'session:approve': v.strictObject({
    requestId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    behavior: v.picklist(['allow', 'deny']),
    message: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
  }),
  'sessions:list': empty,
  'sessions:open': v.strictObject({ id: v.pipe(v.string(), v.regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a session id.')) }),
  'sessions:new': v.strictObject({ model: v.optional(model), cwd: v.optional(cwd), permissionMode: v.optional(permissionMode) }),
  'session:settings': v.pipe(
    v.strictObject({ model: v.optional(model), permissionMode: v.optional(permissionMode) }),
    v.check((change) => change.model !== undefined || change.permissionMode !== undefined, 'Name a model or a permission mode to change.'),
  ),
  'app:pick-folder': empty,
  'stream:credit': v.strictObject({
    channel: v.pipe(v.number(), v.integer(), v.minValue(0)),
    batch: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
} satisfies { [C in Channel]: v.GenericSchema<unknown, RequestOf<C>> };

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(schemas, value);
}

export type PayloadCheck<C extends Channel> = { ok: true; payload: RequestOf<C> } | { ok: false; message: string };

export function parsePayload<C extends Channel>(channel: C, payload: unknown): PayloadCheck<C> {
  const result = v.safeParse(schemas[channel] as v.GenericSchema<unknown, RequestOf<C>>, payload ?? {});
  if (result.success) return { ok: true, payload: result.output };
  return { ok: false, message: result.issues.map((issue) => issue.message).join('; ') };
}
