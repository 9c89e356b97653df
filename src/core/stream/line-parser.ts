/**
 * Turns one decoded line into an agent message, or into a typed problem — never a throw.
 *
 * Invariants:
 * - A blank line (only whitespace) is not an error: it is skipped, as the CLI's own SDK does.
 * - Valid JSON that is not an object with a string `type` is `not-an-object`; malformed JSON
 *   is `malformed-line`. Both carry the start of the line so a person can see what came.
 * - Unknown `type`s are messages like any other (forward compatible).
 * - The success path allocates nothing beyond what JSON.parse builds.
 */

import { isAgentMessage, type AgentMessage } from '../../shared/agent-messages';

export class LineProblem {
  constructor(
    readonly code: 'malformed-line' | 'not-an-object',
    readonly message: string,
  ) {}
}

export const BLANK_LINE = null;

const PREVIEW_CHARS = 120;

/** The message, a LineProblem, or BLANK_LINE (null) for a whitespace-only line. */
export function parseLine(text: string): AgentMessage | LineProblem | typeof BLANK_LINE {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') return BLANK_LINE;
    return new LineProblem('malformed-line', `Not JSON (${(error as Error).message}): ${preview(text)}`);
  }
  if (!isAgentMessage(value)) return new LineProblem('not-an-object', `JSON without a message type: ${preview(text)}`);
  return value;
}

function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
