/**
 * The fast path for the line an agent writes most: a `content_block_delta` stream event,
 * nine lines out of ten in a streamed reply.
 *
 * Invariants:
 * - It accepts only a line in the exact compact shape Claude Code writes:
 *   `{"type":"stream_event","event":{"type":"content_block_delta","index":N,"delta":{"type":
 *   "text_delta","text":"…"}},"session_id":"…","parent_tool_use_id":null|"…","uuid":"…"
 *   [,"api_message_id":"…"]}` (also `thinking_delta`/`thinking` and
 *   `input_json_delta`/`partial_json`), with N 0 or up to nine digits without a leading zero,
 *   and then returns a value deep-equal to `JSON.parse` of the line. Anything else — other key
 *   orders, extra keys, whitespace, ids that are not plain printable ASCII, a raw control
 *   character in the text, a trailing `\r` — returns `undefined` and the caller uses
 *   `JSON.parse`: the fast path may decline, never differ.
 * - The line is matched in the run reader's module (run-reader.wat `delta`), on its bytes, which
 *   decodes the text as it scans it; no string is made of the line. A text with escapes is
 *   decoded by `JSON.parse` of its string literal alone, which also validates the escapes. The
 *   caller guarantees the line is valid UTF-8, and declines come back for a run not loaded.
 * - Every string in the message is only as long as its value (a view appends the text to a
 *   block: it must not keep a line or a run alive). The ids a stream repeats (session_id,
 *   parent_tool_use_id, api_message_id) are one string while their bytes stay the same.
 */

import type { AgentMessage } from '../../shared/agent-messages';
import { DeltaField, DeltaId, type RunReader } from './run-reader';

/**
 * The message of the delta line `run[start, end)`, or undefined when it is not in the exact shape.
 * `reader` has `run` loaded (see run-parser.ts).
 */
export function parseDeltaLine(run: Buffer, start: number, end: number, reader: RunReader): AgentMessage | undefined {
  const fields = reader.matchDelta(run, start, end);
  if (fields === null) return undefined;
  const text = fields[DeltaField.textUnits] === -1 ? parseEscapedText(reader, run, fields) : reader.matchedText(run);
  if (text === undefined) return undefined;
  const message: Record<string, unknown> = {
    type: 'stream_event',
    event: { type: 'content_block_delta', index: fields[DeltaField.index], delta: delta(fields[DeltaField.kind], text) },
    session_id: reader.matchedId(DeltaId.session),
    parent_tool_use_id: reader.matchedId(DeltaId.parent),
    uuid: reader.matchedId(DeltaId.uuid),
  };
  const apiMessageId = reader.matchedId(DeltaId.apiMessage);
  if (apiMessageId !== null) message.api_message_id = apiMessageId;
  return message as AgentMessage;
}

function delta(kind: number | undefined, text: string): Record<string, string> {
  if (kind === 0) return { type: 'text_delta', text };
  if (kind === 1) return { type: 'thinking_delta', thinking: text };
  return { type: 'input_json_delta', partial_json: text };
}

/** A text with escapes: JSON.parse of its literal (quotes included), or undefined when it rejects it. */
function parseEscapedText(reader: RunReader, run: Buffer, fields: Int32Array): string | undefined {
  const start = (fields[DeltaField.textStart] ?? 0) - 1;
  const end = (fields[DeltaField.textEnd] ?? 0) + 1;
  try {
    return JSON.parse(reader.decode(run, start, end)) as string;
  } catch {
    return undefined;
  }
}
