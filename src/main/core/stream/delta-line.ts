/**
 * The fast path for the line an agent writes most: a `content_block_delta` stream event,
 * nine lines out of ten in a streamed reply.
 *
 * Invariants:
 * - It accepts only a line in the exact compact shape Claude Code writes:
 *   `{"type":"stream_event","event":{"type":"content_block_delta","index":N,"delta":{"type":
 *   "text_delta","text":"…"}},"session_id":"…","parent_tool_use_id":null|"…","uuid":"…"
 *   [,"api_message_id":"…"]}` (also `thinking_delta`/`thinking` and
 *   `input_json_delta`/`partial_json`), and then returns a value deep-equal to `JSON.parse` of
 *   the line. Anything else — other key orders, extra keys, whitespace, ids that are not plain
 *   printable ASCII, a raw control character in the text, a trailing `\r` — returns `undefined`
 *   and the caller uses `JSON.parse`: the fast path may decline, never differ.
 * - The whole line is matched by one regular expression on the line's latin1 view (one char per
 *   byte, so a capture's length is its length in bytes), and only the delta's text is decoded
 *   from UTF-8. An escaped text is decoded by `JSON.parse` of the string literal alone, which
 *   also validates its escapes. The caller guarantees the line is valid UTF-8.
 * - The delta's text is always a fresh string (a view appends it to a block, so it must not keep
 *   the line alive); the envelope's ids are slices of the line's latin1 view (a few hundred
 *   bytes), never of a whole run.
 */

import type { AgentMessage } from '../../../shared/agent-messages';
import type { Utf8RunDecoder } from './utf8-decoder';

const HEAD = '{"type":"stream_event","event":{"type":"content_block_delta","index":';
/** Between the index and the kind of delta. */
const DELTA_OPENING = ',"delta":{"type":"';
/** Between the kind of delta (`text_delta","text`) and the text. */
const TEXT_OPENING = '":"';

/** A JSON string with nothing to unescape and nothing to decode: printable ASCII but `"` and `\`. */
const PLAIN_ID = '([\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*)';
const TEXT_KIND = 'text_delta","text';
const THINKING_KIND = 'thinking_delta","thinking';
const INPUT_JSON_KIND = 'input_json_delta","partial_json';

/**
 * The whole line. Captures: 1 index (up to 9 digits, exact as a number, no leading zero),
 * 2 kind, 3 the text as written (raw bytes, and escapes JSON.parse may still reject),
 * 4 session_id, 5 parent_tool_use_id or none for null, 6 uuid, 7 api_message_id or none.
 */
const DELTA_LINE = new RegExp(
  `^${escapeRegExp(HEAD)}(0|[1-9][0-9]{0,8})${escapeRegExp(DELTA_OPENING)}` +
    `(${[TEXT_KIND, THINKING_KIND, INPUT_JSON_KIND].map(escapeRegExp).join('|')})${escapeRegExp(TEXT_OPENING)}` +
    // Any byte but `"`, `\` and raw control characters (JSON.parse rejects those), or an escape;
    // written as a loop of plain bytes between escapes, which the regexp engine runs fastest.
    '([^"\\\\\\x00-\\x1f]*(?:\\\\["\\\\/bfnrtu][^"\\\\\\x00-\\x1f]*)*)' +
    `"\\}\\},"session_id":"${PLAIN_ID}","parent_tool_use_id":(?:null|"${PLAIN_ID}"),"uuid":"${PLAIN_ID}"` +
    `(?:,"api_message_id":"${PLAIN_ID}")?\\}$`,
);

/** Where HEAD's `delta` starts and where its `:` is, for a check before any string is made. */
const DELTA_AT = HEAD.indexOf('delta');
const LETTER_D = 0x64;
const COLON = 0x3a;
/**
 * Longer lines go to JSON.parse. Deltas are a few hundred bytes; the line's latin1 view is made
 * per line, so it dies young instead of a whole run's view being kept alive by a message's ids.
 */
const MAX_LINE_BYTES = 16 * 1024;

/**
 * The message of the delta line `run[start, end)`, or undefined when it is not in the exact shape.
 * `decoder` decodes the text (it may have `run` loaded).
 */
export function parseDeltaLine(run: Buffer, start: number, end: number, decoder: Utf8RunDecoder): AgentMessage | undefined {
  // Two byte reads turn away most other lines before their view is made (they are decoded anyway).
  if (end - start > MAX_LINE_BYTES || run[start + DELTA_AT] !== LETTER_D || run[start + HEAD.length - 1] !== COLON) return undefined;
  const match = DELTA_LINE.exec(run.toString('latin1', start, end));
  if (match === null) return undefined;
  const [, digits, kind, written, sessionId, parent, uuid, apiMessageId] = match as unknown as [string, string, string, string, string, string | undefined, string, string | undefined];

  const textStart = start + HEAD.length + digits.length + DELTA_OPENING.length + kind.length + TEXT_OPENING.length;
  const text = decodeText(decoder, run, textStart, textStart + written.length, written);
  if (text === undefined) return undefined;
  const message: Record<string, unknown> = {
    type: 'stream_event',
    event: { type: 'content_block_delta', index: Number(digits), delta: delta(kind, text) },
    session_id: sessionId,
    parent_tool_use_id: parent ?? null,
    uuid,
  };
  if (apiMessageId !== undefined) message.api_message_id = apiMessageId;
  return message as AgentMessage;
}

function delta(kind: string, text: string): Record<string, string> {
  if (kind === TEXT_KIND) return { type: 'text_delta', text };
  if (kind === THINKING_KIND) return { type: 'thinking_delta', thinking: text };
  return { type: 'input_json_delta', partial_json: text };
}

/** The text's value from its bytes `run[start, end)` (`written` is their latin1 view), or undefined when JSON.parse would reject it. */
function decodeText(decoder: Utf8RunDecoder, run: Buffer, start: number, end: number, written: string): string | undefined {
  if (!written.includes('\\')) return decoder.decode(run, start, end);
  try {
    return JSON.parse(decoder.decode(run, start - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
