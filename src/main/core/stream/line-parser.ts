/**
 * Turns one framed line into an agent message, or into a typed problem — never a throw.
 *
 * Invariants:
 * - UTF-8 is decoded per complete line (the framer guarantees whole lines), never per chunk.
 * - Invalid UTF-8 is reported (`invalid-utf8`) and the line is still parsed from its lossy
 *   decoding, so one bad byte in a text delta does not drop the delta; the journal keeps the
 *   exact bytes.
 * - A blank line (only whitespace) is not an error: it is counted and skipped, as the CLI's own
 *   SDK does.
 * - Valid JSON that is not an object with a string `type` is `not-an-object`; malformed JSON is
 *   `malformed-line`. Both carry the first bytes of the line so a person can see what came.
 */

import { isAscii, isUtf8 } from 'node:buffer';
import { isAgentMessage, type AgentMessage } from '../../../shared/agent-messages';

export type ParsedLine =
  | { kind: 'message'; message: AgentMessage; validUtf8: boolean }
  | { kind: 'blank' }
  | { kind: 'problem'; code: 'malformed-line' | 'not-an-object'; message: string; validUtf8: boolean };

const PREVIEW_CHARS = 120;

/** Decodes a line's bytes; `valid` is false when the bytes are not UTF-8 (U+FFFD substituted). */
export function decodeLine(bytes: Buffer): { text: string; valid: boolean } {
  // latin1 is the cheapest decode and is exact for ASCII, the commonest case.
  if (isAscii(bytes)) return { text: bytes.toString('latin1'), valid: true };
  return { text: bytes.toString('utf8'), valid: isUtf8(bytes) };
}

export function parseLine(text: string, validUtf8: boolean): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') return { kind: 'blank' };
    return {
      kind: 'problem',
      code: 'malformed-line',
      message: `Not JSON (${(error as Error).message}): ${preview(text)}`,
      validUtf8,
    };
  }
  if (!isAgentMessage(value)) {
    return { kind: 'problem', code: 'not-an-object', message: `JSON without a message type: ${preview(text)}`, validUtf8 };
  }
  return { kind: 'message', message: value, validUtf8 };
}

function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
