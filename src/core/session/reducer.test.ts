import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentMessage } from '../../shared/agent-messages';
import {
  applyPatches,
  emptySessionView,
  type AssistantMessage,
  type SessionPatch,
  type SessionView,
  type ToolResultMessage,
} from '../../shared/session-view';
import { ConversationReducer } from './reducer';

const transcripts = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'claude-transcripts');

function transcript(name: string): AgentMessage[] {
  return readFileSync(join(transcripts, `${name}.stdout.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AgentMessage);
}

/** Feeds messages through the reducer, opening a turn at each `system/init` when none is open. */
function reduce(messages: AgentMessage[], reducer = new ConversationReducer(() => 0)): { view: SessionView; patches: SessionPatch[] } {
  const patches: SessionPatch[] = [];
  let turns = 0;
  for (const message of messages) {
    if (message.type === 'system' && message.subtype === 'init' && reducer.currentTurnId === null) {
      const id = `t${++turns}`;
      reducer.beginTurn(id);
      patches.push({ op: 'turn-start', turn: { id, status: 'streaming', startedAt: 0 } });
    }
    reducer.apply(message, patches);
  }
  const view = applyPatches(emptySessionView('s', { kind: 'claude', label: 'Claude Code', commandLine: 'claude' }, '/j'), patches);
  return { view, patches };
}

function assistants(view: SessionView): AssistantMessage[] {
  return view.messages.filter((message): message is AssistantMessage => message.role === 'assistant');
}

function streamEvent(event: Record<string, unknown>): AgentMessage {
  return { type: 'stream_event', event };
}

describe('ConversationReducer on genuine claude transcripts', () => {
  it('folds a streamed text turn into one complete message without duplicating the assistant line', () => {
    const { view } = reduce(transcript('text-turn'));
    const [message] = assistants(view);
    expect(assistants(view)).toHaveLength(1);
    expect(message?.status).toBe('complete');
    expect(message?.blocks).toEqual([{ kind: 'text', text: 'Hello from the mock.', done: true }]);
    expect(view.turns[0]).toMatchObject({ status: 'completed', summary: { numTurns: 1 } });
    expect(view.agentSessionId).toBe('9bd2bd48-055c-45e6-aa89-3114c0aa3673');
    expect(view).toMatchObject({ model: 'claude-opus-5-5', cwd: '/home/user/project', permissionMode: 'default', toolCount: 22 });
  });

  it('shows a tool turn: text, the tool call with its parsed input, its result, then the answer', () => {
    const { view } = reduce(transcript('tool-turn'));
    const [first, second] = assistants(view);
    expect(first?.blocks[0]).toEqual({ kind: 'text', text: 'Running a command.', done: true });
    expect(first?.blocks[1]).toMatchObject({ kind: 'tool_use', name: 'Bash', toolUseId: 'toolu_mock_3_1', done: true });
    const toolBlock = first?.blocks[1];
    expect(toolBlock?.kind === 'tool_use' && JSON.parse(toolBlock.text)).toMatchObject({ command: 'echo hello-from-tool' });
    expect(toolBlock?.kind === 'tool_use' && toolBlock.inputError).toBeUndefined();
    const result = view.messages.find((message): message is ToolResultMessage => message.role === 'tool_result');
    expect(result).toMatchObject({ toolUseId: 'toolu_mock_3_1', text: 'hello-from-tool', isError: false });
    expect(second?.blocks).toEqual([{ kind: 'text', text: 'The command printed its output.', done: true }]);
    expect(view.turns[0]?.status).toBe('completed');
  });

  it('marks an interrupted message Interrupted, keeps its partial text, and completes the next turn', () => {
    const { view } = reduce(transcript('interrupt-then-next-turn'));
    const [interrupted, next] = assistants(view);
    expect(interrupted?.status).toBe('interrupted');
    expect(interrupted?.blocks[0]?.text).toBe('word0 word1 word2 word3 word4 word5 ');
    expect(view.turns.map((turn) => turn.status)).toEqual(['interrupted', 'completed']);
    expect(next?.blocks[0]?.text).toBe('Hello from the mock.');
  });

  it('renders assistant lines when the CLI runs without partial messages', () => {
    const { view } = reduce(transcript('sigint-mid-turn'));
    const [message] = assistants(view);
    expect(message?.blocks).toEqual([{ kind: 'text', text: 'word0 word1 word2 word3 word4 ', done: true }]);
    expect(message?.status).toBe('interrupted');
    expect(view.turns[0]?.status).toBe('interrupted');
  });

  it('ends a max-turns run as a failed turn with the CLI error', () => {
    const { view } = reduce(transcript('max-turns'));
    expect(view.turns[0]?.status).toBe('failed');
    expect(view.turns[0]?.error?.detail).toContain('Reached maximum number of turns');
  });

  it('ends a tool interrupt with the tool result and an interrupted turn', () => {
    const { view } = reduce(transcript('permission-cancelled-by-interrupt'));
    expect(view.turns[0]?.status).toBe('interrupted');
    expect(view.messages.some((message) => message.role === 'tool_result' && message.isError)).toBe(true);
  });

  it('reports the per-turn cost from the cumulative total', () => {
    const { view } = reduce(transcript('interrupt-then-next-turn'));
    const [first, second] = view.turns;
    expect(first?.summary?.costUsd).toBeCloseTo(0.000288, 9);
    expect(second?.summary?.costUsd).toBeCloseTo(0.000516 - 0.000288, 9);
  });
});

describe('ConversationReducer on synthetic streams', () => {
  const start = (id: string) => streamEvent({ type: 'message_start', message: { id } });
  const blockStart = (index: number, content_block: Record<string, unknown>) => streamEvent({ type: 'content_block_start', index, content_block });
  const delta = (index: number, d: Record<string, unknown>) => streamEvent({ type: 'content_block_delta', index, delta: d });
  const stop = (index: number) => streamEvent({ type: 'content_block_stop', index });
  const init: AgentMessage = { type: 'system', subtype: 'init', session_id: 'x' };

  it('appends only the missing suffix when the assistant line holds more than the deltas did', () => {
    const { view } = reduce([
      init,
      start('m1'),
      blockStart(0, { type: 'text', text: '' }),
      delta(0, { type: 'text_delta', text: 'Hello ' }),
      { type: 'assistant', message: { id: 'm1', content: [{ type: 'text', text: 'Hello world' }] } },
      stop(0),
      streamEvent({ type: 'message_stop' }),
    ]);
    expect(assistants(view)[0]?.blocks[0]?.text).toBe('Hello world');
  });

  it('streams thinking deltas into a thinking block and ignores signature deltas', () => {
    const { view } = reduce([
      init,
      start('m1'),
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      delta(0, { type: 'thinking_delta', thinking: 'Let me ' }),
      delta(0, { type: 'thinking_delta', thinking: 'think.' }),
      delta(0, { type: 'signature_delta', signature: 'c2ln' }),
      stop(0),
    ]);
    expect(assistants(view)[0]?.blocks[0]).toEqual({ kind: 'thinking', text: 'Let me think.', done: true });
  });

  it('keeps malformed tool input as text and marks the block with an error', () => {
    const { view } = reduce([
      init,
      start('m1'),
      blockStart(0, { type: 'tool_use', id: 'tu1', name: 'Bash', input: {} }),
      delta(0, { type: 'input_json_delta', partial_json: '{"command":"ls' }),
      stop(0),
    ]);
    const block = assistants(view)[0]?.blocks[0];
    expect(block).toMatchObject({ kind: 'tool_use', text: '{"command":"ls', done: true });
    expect(block?.kind === 'tool_use' && block.inputError).toMatch(/not valid JSON/);
  });

  it('ignores unknown message, block and delta types', () => {
    const { view } = reduce([
      init,
      { type: 'brand_new_type', x: 1 },
      start('m1'),
      blockStart(0, { type: 'server_tool_use', id: 's' }),
      delta(0, { type: 'citations_delta', citation: {} }),
      blockStart(1, { type: 'text', text: '' }),
      delta(1, { type: 'text_delta', text: 'ok' }),
      stop(1),
    ]);
    expect(assistants(view)[0]?.blocks[1]?.text).toBe('ok');
  });

  it('reconstructs every block as the exact concatenation of its deltas (property)', () => {
    const textDeltas = fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), { maxLength: 30 });
    fc.assert(
      fc.property(textDeltas, textDeltas, (thinking, text) => {
        const messages: AgentMessage[] = [init, start('m1'), blockStart(0, { type: 'thinking', thinking: '' })];
        for (const piece of thinking) messages.push(delta(0, { type: 'thinking_delta', thinking: piece }));
        messages.push(stop(0), blockStart(1, { type: 'text', text: '' }));
        for (const piece of text) messages.push(delta(1, { type: 'text_delta', text: piece }));
        messages.push({ type: 'assistant', message: { id: 'm1', content: [{ type: 'text', text: text.join('') }] } }, stop(1));
        const { view } = reduce(messages);
        const blocks = assistants(view)[0]?.blocks;
        expect(blocks?.[0]?.text).toBe(thinking.join(''));
        expect(blocks?.[1]?.text).toBe(text.join(''));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ConversationReducer on API trouble', () => {
  const init: AgentMessage = { type: 'system', subtype: 'init', session_id: 'x' };

  it('shows an API retry live and clears it when output resumes', () => {
    const retry: AgentMessage = { type: 'system', subtype: 'api_retry', attempt: 2, max_retries: 10, retry_delay_ms: 1069, error_status: 529, error: 'overloaded' };
    const { view: during } = reduce([init, retry]);
    expect(during.apiRetry).toEqual({ attempt: 2, maxRetries: 10, delayMs: 1069, error: '529' });
    const { view: after } = reduce([init, retry, { type: 'stream_event', event: { type: 'message_start', message: { id: 'm' } } }]);
    expect(after.apiRetry).toBeUndefined();
  });

  it('reports a failed API call as api-error', () => {
    const { view } = reduce([init, { type: 'result', subtype: 'success', is_error: true, terminal_reason: 'api_error', result: 'API Error: 529 overloaded', api_error_status: 529 }]);
    expect(view.turns[0]?.error?.code).toBe('api-error');
  });

  it('reports a resume of an unknown session as session-not-found', () => {
    const { view } = reduce([
      init,
      { type: 'result', subtype: 'error_during_execution', is_error: true, errors: ['No conversation found with session ID: 9999'] },
    ]);
    expect(view.turns[0]?.error?.code).toBe('session-not-found');
  });
});

describe('system/init facts', () => {
  it('are passed on once per change: the same facts every turn are not repeated, a new model is', () => {
    const reducer = new ConversationReducer(() => 0);
    const init = (model: string): AgentMessage => ({ type: 'system', subtype: 'init', session_id: 's1', model, cwd: '/p', permissionMode: 'default', tools: [] });
    const patches: SessionPatch[] = [];
    for (const message of [init('opus'), init('opus'), init('sonnet')]) reducer.apply(message, patches);
    expect(patches.filter((patch) => patch.op === 'agent-init').map((patch) => patch.op === 'agent-init' && patch.model)).toEqual(['opus', 'sonnet']);
  });
});
