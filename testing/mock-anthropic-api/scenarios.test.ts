import { describe, expect, it } from 'vitest';
import { SLOW_DELAY_MS, SLOW_DELTAS, TEXT_REPLY, TOOL_COMMAND, chunk, planReply, type ReplyPlan, type SseEvent } from './scenarios';

const reminder = { type: 'text', text: '<system-reminder>\nToday is a TOOL day.\n</system-reminder>\n' };

/** A request whose only user message has these text/tool_result blocks, or this string. */
function requestFor(...content: unknown[]): unknown {
  const [only] = content;
  return { model: 'claude-test-1', messages: [{ role: 'user', content: typeof only === 'string' ? only : content }] };
}

function streamed(plan: ReplyPlan): SseEvent[] {
  if (plan.kind !== 'stream') throw new Error(`expected a stream, got HTTP ${plan.status}`);
  return plan.events;
}

/** The concatenated deltas of block `index`, whatever their kind. */
function blockText(events: SseEvent[], index: number): string {
  return events
    .filter((event) => event.type === 'content_block_delta' && event.data.index === index)
    .map((event) => {
      const delta = event.data.delta as Record<string, string>;
      return delta.text ?? delta.thinking ?? delta.partial_json ?? '';
    })
    .join('');
}

describe('planReply', () => {
  it('streams the plain text reply in several deltas and echoes the model', () => {
    const events = streamed(planReply(requestFor({ type: 'text', text: 'hello' }), 1));
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      ...Array<string>(4).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(blockText(events, 0)).toBe(TEXT_REPLY);
    expect(events[0]?.data).toMatchObject({ message: { id: 'msg_mock_1', model: 'claude-test-1' } });
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'end_turn' } });
  });

  it('streams a Bash tool_use whose input_json_delta chunks concatenate to the input', () => {
    const events = streamed(planReply(requestFor({ type: 'text', text: 'run the TOOL' }), 2));
    expect(events[1]?.data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_mock_2_0', name: 'Bash', input: {} } });
    expect(events.filter((event) => event.type === 'content_block_delta').length).toBeGreaterThan(1);
    expect(JSON.parse(blockText(events, 0))).toEqual({ command: TOOL_COMMAND, description: 'Print a greeting' });
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('answers a tool_result with the follow-up text that quotes it', () => {
    const plan = planReply(requestFor({ type: 'tool_result', tool_use_id: 'toolu_1', content: 'hello-from-tool' }), 3);
    expect(plan.scenario).toBe('follow-up');
    expect(blockText(streamed(plan), 0)).toBe('Tool said: hello-from-tool');
  });

  it('treats a new prompt beside a withdrawn tool_result as a new prompt, not a follow-up', () => {
    const plan = planReply(
      requestFor(
        { type: 'tool_result', tool_use_id: 'toolu_1', content: 'rejected', is_error: true },
        { type: 'text', text: '[Request interrupted by user for tool use]' },
        { type: 'text', text: 'hi' },
      ),
      4,
    );
    expect(plan.scenario).toBe('text');
  });

  it('ignores trigger words inside the CLI’s system reminders', () => {
    expect(planReply(requestFor(reminder, { type: 'text', text: 'hello' }), 5).scenario).toBe('text');
  });

  it('puts a signed thinking block before the text on THINK', () => {
    const events = streamed(planReply(requestFor({ type: 'text', text: 'THINK first' }), 6));
    const starts = events.filter((event) => event.type === 'content_block_start').map((event) => (event.data.content_block as { type: string }).type);
    expect(starts).toEqual(['thinking', 'text']);
    expect(events.some((event) => (event.data.delta as { type?: string } | undefined)?.type === 'signature_delta')).toBe(true);
  });

  it('paces the SLOW reply and answers AUTHFAIL with a 401 authentication_error', () => {
    const slow = planReply(requestFor('go SLOW'), 7);
    expect(slow).toMatchObject({ kind: 'stream', delayMs: SLOW_DELAY_MS });
    expect(streamed(slow).filter((event) => event.type === 'content_block_delta')).toHaveLength(SLOW_DELTAS);
    expect(planReply(requestFor('AUTHFAIL'), 8)).toMatchObject({
      kind: 'error',
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error' } },
    });
  });

  it('picks the last user message, and survives a body it cannot read', () => {
    const body = { messages: [{ role: 'user', content: 'go SLOW' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'hi' }] };
    expect(planReply(body, 9).scenario).toBe('text');
    expect(planReply(null, 10).scenario).toBe('text');
    expect(planReply({ messages: 'nope' }, 11).scenario).toBe('text');
  });
});

describe('chunk', () => {
  it('splits text into non-empty pieces that join back to it', () => {
    expect(chunk('abcdefghij', 3)).toEqual(['abcd', 'efgh', 'ij']);
    expect(chunk('ab', 4)).toEqual(['a', 'b']);
  });
});
