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
 * - It reads the line's structure on the line's latin1 view (one char per byte, so string
 *   indices are byte offsets) and decodes only the delta's text from UTF-8. An escaped text is
 *   decoded by `JSON.parse` of the string literal alone, which also validates its escapes.
 *   The caller guarantees the line is valid UTF-8.
 * - The delta's text is always a fresh string; the envelope's ids are slices of the line's
 *   latin1 view (a few hundred bytes), never of a whole run.
 */

import type { AgentMessage } from '../../../shared/agent-messages';

const HEAD = '{"type":"stream_event","event":{"type":"content_block_delta","index":';
/** Where HEAD's `delta` starts, and two of its bytes, for a check before any string is made. */
const DELTA_AT = HEAD.indexOf('delta');
const LETTER_D = 0x64;
const COLON = 0x3a;

const TEXT_OPENING = ',"delta":{"type":"text_delta","text":"';
const THINKING_OPENING = ',"delta":{"type":"thinking_delta","thinking":"';
const INPUT_JSON_OPENING = ',"delta":{"type":"input_json_delta","partial_json":"';

/** A JSON string with nothing to unescape and nothing to decode: printable ASCII but `"` and `\`. */
const PLAIN_ID = '[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*';
/** From the text's closing quote to the end of the line, sticky (matched at lastIndex). */
const ENVELOPE_TAIL = new RegExp(
  `"\\}\\},"session_id":"(${PLAIN_ID})","parent_tool_use_id":(?:null|"(${PLAIN_ID})"),"uuid":"(${PLAIN_ID})"(?:,"api_message_id":"(${PLAIN_ID})")?\\}`,
  'y',
);
/** JSON.parse rejects these raw in a string. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW_CONTROL = /[\x00-\x1f]/;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const BACKSLASH = 0x5c;
/**
 * Longer lines go to JSON.parse. Deltas are a few hundred bytes; the line's latin1 view is made
 * per line, so it dies young instead of a whole run's view being kept alive by a message's ids.
 */
const MAX_LINE_BYTES = 16 * 1024;
/** An index of up to 9 digits is exact as a number; longer ones go to JSON.parse. */
const MAX_INDEX_DIGITS = 9;

/** The message of the delta line `run[start, end)`, or undefined when it is not in the exact shape. */
export function parseDeltaLine(run: Buffer, start: number, end: number): AgentMessage | undefined {
  // Two byte reads turn away most other lines before their view is made (they are decoded anyway).
  if (end - start > MAX_LINE_BYTES || run[start + DELTA_AT] !== LETTER_D || run[start + HEAD.length - 1] !== COLON) return undefined;
  const latin1 = run.toString('latin1', start, end);
  if (!latin1.startsWith(HEAD)) return undefined;
  let cursor = HEAD.length;
  const digitsStart = cursor;
  let index = 0;
  for (;;) {
    const code = latin1.charCodeAt(cursor);
    if (code < DIGIT_0 || code > DIGIT_9) break;
    index = index * 10 + code - DIGIT_0;
    cursor++;
  }
  const digits = cursor - digitsStart;
  if (digits === 0 || digits > MAX_INDEX_DIGITS || (digits > 1 && latin1.charCodeAt(digitsStart) === DIGIT_0)) return undefined;

  const opening = latin1.startsWith(TEXT_OPENING, cursor)
    ? TEXT_OPENING
    : latin1.startsWith(THINKING_OPENING, cursor)
      ? THINKING_OPENING
      : latin1.startsWith(INPUT_JSON_OPENING, cursor)
        ? INPUT_JSON_OPENING
        : undefined;
  if (opening === undefined) return undefined;
  const textStart = cursor + opening.length;
  const textEnd = closingQuote(latin1, textStart);
  if (textEnd === -1) return undefined;

  ENVELOPE_TAIL.lastIndex = textEnd;
  const tail = ENVELOPE_TAIL.exec(latin1);
  if (tail === null || ENVELOPE_TAIL.lastIndex !== latin1.length) return undefined;

  const text = decodeText(run, start + textStart, start + textEnd);
  if (text === undefined) return undefined;
  const message: Record<string, unknown> = {
    type: 'stream_event',
    event: { type: 'content_block_delta', index, delta: delta(opening, text) },
    session_id: tail[1],
    parent_tool_use_id: tail[2] ?? null,
    uuid: tail[3],
  };
  if (tail[4] !== undefined) message.api_message_id = tail[4];
  return message as AgentMessage;
}

function delta(opening: string, text: string): Record<string, string> {
  if (opening === TEXT_OPENING) return { type: 'text_delta', text };
  if (opening === THINKING_OPENING) return { type: 'thinking_delta', thinking: text };
  return { type: 'input_json_delta', partial_json: text };
}

/** The offset of the unescaped `"` that closes the string starting at `from`, or -1. */
function closingQuote(latin1: string, from: number): number {
  let quote = latin1.indexOf('"', from);
  while (quote !== -1) {
    let backslashes = 0;
    while (latin1.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = latin1.indexOf('"', quote + 1);
  }
  return -1;
}

/** The string literal's value, or undefined when JSON.parse would reject it. */
function decodeText(run: Buffer, start: number, end: number): string | undefined {
  const raw = run.toString('utf8', start, end);
  if (raw.includes('\\')) {
    try {
      return JSON.parse(run.toString('utf8', start - 1, end + 1)) as string;
    } catch {
      return undefined;
    }
  }
  return RAW_CONTROL.test(raw) ? undefined : raw;
}
