/**
 * What the mock Messages API answers: a pure function from a request body to a reply plan.
 *
 * The scenario is chosen from the LAST `role:"user"` entry of `messages`. Its prompt text is
 * its string content, or its text blocks minus the CLI's own additions (`<system-reminder>`
 * blocks and `[Request interrupted by user…]` markers). When there is no prompt text but there
 * are `tool_result` blocks, the request is the follow-up after a tool. Otherwise whole-word,
 * upper-case trigger words in the prompt text decide, checked in this order:
 *
 * | trigger / condition                      | reply                                                        |
 * |------------------------------------------|--------------------------------------------------------------|
 * | no prompt text, `tool_result` blocks     | FOLLOW-UP: text `Tool said: <result text>` then `end_turn`   |
 * | `AUTHFAIL`                               | HTTP 401 `{"type":"error","error":{"type":"authentication_error",…}}` |
 * | `SLOW`                                   | text of `SLOW_DELTAS` deltas `word0 word1 …`, `SLOW_DELAY_MS` apart |
 * | `TOUCH`                                  | tool_use Bash `touch created-by-mock.txt` (needs permission) |
 * | `TOOL`                                   | tool_use Bash `echo hello-from-tool` (runs without a prompt) |
 * | `THINK`                                  | a thinking block (with `signature_delta`), then text         |
 * | anything else                            | text `TEXT_REPLY`, streamed in several deltas                |
 *
 * Invariants:
 * - Deterministic: the same body and reply number give the same plan. Ids derive from the
 *   reply number `n` (`msg_mock_<n>`, `toolu_mock_<n>_<index>`, `req_mock_<n>`).
 * - Every streamed reply is a well-formed Messages API event sequence: `message_start`,
 *   per block `content_block_start` → deltas → `content_block_stop`, then `message_delta`
 *   (with the stop reason) and `message_stop`. The concatenated `input_json_delta` chunks of a
 *   tool_use block parse as its input JSON.
 * - The reply's `model` is the request's `model` (a placeholder when the request had none).
 * - Never throws on a malformed body: what it cannot read counts as an empty prompt.
 */

export const TEXT_REPLY = 'Hello from the mock.';
export const THINKING_TEXT = 'Let me think about this.';
export const THINK_REPLY = 'I thought it over.';
export const TOOL_COMMAND = 'echo hello-from-tool';
export const TOUCH_COMMAND = 'touch created-by-mock.txt';
export const FOLLOW_UP_PREFIX = 'Tool said: ';
export const SLOW_DELTAS = 200;
export const SLOW_DELAY_MS = 50;

export type ScenarioName = 'text' | 'thinking' | 'tool' | 'touch' | 'slow' | 'auth-error' | 'follow-up';

/** One server-sent event: `event: <type>` and its JSON payload (whose `type` is the same). */
export interface SseEvent {
  type: string;
  data: Record<string, unknown>;
}

export type ReplyPlan =
  | { scenario: ScenarioName; kind: 'stream'; requestId: string; events: SseEvent[]; delayMs: number }
  | { scenario: ScenarioName; kind: 'error'; requestId: string; status: number; body: Record<string, unknown> };

interface LastUserMessage {
  text: string;
  toolResults: string[];
}

/** Plans reply number `n` to a `POST /v1/messages` body (already JSON-parsed). */
export function planReply(body: unknown, n: number): ReplyPlan {
  const model = isRecord(body) && typeof body.model === 'string' ? body.model : 'claude-mock';
  const requestId = `req_mock_${n}`;
  const last = lastUserMessage(body);
  const stream = (scenario: ScenarioName, events: SseEvent[], delayMs = 0): ReplyPlan => ({ scenario, kind: 'stream', requestId, events, delayMs });
  const message = new MessageBuilder(`msg_mock_${n}`, model);

  if (last.text.trim() === '' && last.toolResults.length > 0) {
    return stream('follow-up', message.text(chunk(`${FOLLOW_UP_PREFIX}${last.toolResults.join('\n')}`, 3)).end('end_turn'));
  }
  if (hasWord(last.text, 'AUTHFAIL')) {
    return {
      scenario: 'auth-error',
      kind: 'error',
      requestId,
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
    };
  }
  if (hasWord(last.text, 'SLOW')) {
    const words = Array.from({ length: SLOW_DELTAS }, (_, i) => `word${i} `);
    return stream('slow', message.text(words).end('end_turn'), SLOW_DELAY_MS);
  }
  if (hasWord(last.text, 'TOUCH')) {
    return stream('touch', message.toolUse(`toolu_mock_${n}_0`, 'Bash', { command: TOUCH_COMMAND, description: 'Create a file' }).end('tool_use'));
  }
  if (hasWord(last.text, 'TOOL')) {
    return stream('tool', message.toolUse(`toolu_mock_${n}_0`, 'Bash', { command: TOOL_COMMAND, description: 'Print a greeting' }).end('tool_use'));
  }
  if (hasWord(last.text, 'THINK')) {
    return stream('thinking', message.thinking(chunk(THINKING_TEXT, 3)).text(chunk(THINK_REPLY, 2)).end('end_turn'));
  }
  return stream('text', message.text(chunk(TEXT_REPLY, 4)).end('end_turn'));
}

/** The prompt text and tool results of the last `role:"user"` entry of `body.messages`. */
export function lastUserMessage(body: unknown): LastUserMessage {
  const messages = isRecord(body) && Array.isArray(body.messages) ? body.messages : [];
  const last = messages.filter((entry): entry is Record<string, unknown> => isRecord(entry) && entry.role === 'user').at(-1);
  if (last === undefined) return { text: '', toolResults: [] };
  if (typeof last.content === 'string') return { text: last.content, toolResults: [] };
  const blocks = Array.isArray(last.content) ? last.content.filter(isRecord) : [];
  return {
    text: blocks
      .flatMap((block) => (block.type === 'text' && typeof block.text === 'string' && !isCliAddition(block.text) ? [block.text] : []))
      .join('\n'),
    toolResults: blocks.filter((block) => block.type === 'tool_result').map((block) => contentText(block.content)),
  };
}

/** Builds one assistant message's events, block by block. */
class MessageBuilder {
  private readonly events: SseEvent[];
  private index = 0;
  private outputTokens = 1;

  constructor(id: string, model: string) {
    this.events = [
      event('message_start', {
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
        },
      }),
    ];
  }

  text(deltas: string[]): this {
    return this.block({ type: 'text', text: '' }, deltas.map((text) => ({ type: 'text_delta', text })));
  }

  thinking(deltas: string[]): this {
    return this.block({ type: 'thinking', thinking: '', signature: '' }, [
      ...deltas.map((thinking) => ({ type: 'thinking_delta', thinking })),
      { type: 'signature_delta', signature: 'bW9jay1zaWduYXR1cmU=' },
    ]);
  }

  toolUse(id: string, name: string, input: Record<string, unknown>): this {
    const json = JSON.stringify(input);
    return this.block({ type: 'tool_use', id, name, input: {} }, chunk(json, 4).map((partial_json) => ({ type: 'input_json_delta', partial_json })));
  }

  end(stopReason: 'end_turn' | 'tool_use'): SseEvent[] {
    return [
      ...this.events,
      event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: this.outputTokens } }),
      event('message_stop', {}),
    ];
  }

  private block(start: Record<string, unknown>, deltas: Record<string, unknown>[]): this {
    const index = this.index++;
    this.events.push(event('content_block_start', { index, content_block: start }));
    for (const delta of deltas) this.events.push(event('content_block_delta', { index, delta }));
    this.events.push(event('content_block_stop', { index }));
    this.outputTokens += deltas.length;
    return this;
  }
}

function event(type: string, fields: Record<string, unknown>): SseEvent {
  return { type, data: { type, ...fields } };
}

/** Splits text into `parts` nearly equal, non-empty pieces (fewer when the text is shorter). */
export function chunk(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

/** Text blocks the CLI adds to a user message on its own: context reminders, interrupt markers. */
function isCliAddition(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith('<system-reminder>') || trimmed.startsWith('[Request interrupted by user');
}

function hasWord(text: string, word: string): boolean {
  return new RegExp(`\\b${word}\\b`).test(text);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.flatMap((part) => (isRecord(part) && typeof part.text === 'string' ? [part.text] : [])).join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
