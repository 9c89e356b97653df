/**
 * A stream-json agent for the UI benchmark: each prompt names a reply shape (`REPLY_SHAPES`), and
 * the agent answers with exactly that shape in Claude Code's framing (system/init, stream_event
 * deltas, the complete assistant line, the result), as fast as stdout takes it.
 *
 *   node --import tsx bench/ui/shape-agent.ts      (then one user line per turn on stdin)
 */

import { createInterface } from 'node:readline';
import { REPLY_SHAPES, type ReplyShape } from './reply-shapes';

const sessionId = '00000000-0000-4000-8000-00000000b0b0';
let uuid = 0;
let messageNumber = 0;
const nextUuid = (): string => `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}`;

function write(line: object): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(`${JSON.stringify(line)}\n`)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

function event(messageId: string, body: object): object {
  return { type: 'stream_event', event: body, session_id: sessionId, parent_tool_use_id: null, uuid: nextUuid(), api_message_id: messageId };
}

function assistant(messageId: string, block: object): object {
  return {
    type: 'assistant',
    message: { id: messageId, type: 'message', role: 'assistant', model: 'shape-agent', content: [block], stop_reason: null, stop_sequence: null },
    parent_tool_use_id: null,
    session_id: sessionId,
    uuid: nextUuid(),
  };
}

/** One API message of one block: start, deltas of `pieces`, the complete block, the stops. */
async function message(kind: 'text' | 'thinking' | 'tool_use', pieces: readonly string[], stopReason: 'end_turn' | 'tool_use'): Promise<void> {
  const id = `msg_shape_${++messageNumber}`;
  await write(event(id, { type: 'message_start', message: { id, type: 'message', role: 'assistant', model: 'shape-agent', content: [], stop_reason: null } }));
  const start =
    kind === 'text' ? { type: 'text', text: '' } : kind === 'thinking' ? { type: 'thinking', thinking: '', signature: '' } : { type: 'tool_use', id: 'toolu_shape_1', name: 'Write', input: {} };
  await write(event(id, { type: 'content_block_start', index: 0, content_block: start }));
  for (const piece of pieces) {
    const delta =
      kind === 'text' ? { type: 'text_delta', text: piece } : kind === 'thinking' ? { type: 'thinking_delta', thinking: piece } : { type: 'input_json_delta', partial_json: piece };
    await write(event(id, { type: 'content_block_delta', index: 0, delta }));
  }
  const whole = pieces.join('');
  const block =
    kind === 'text'
      ? { type: 'text', text: whole }
      : kind === 'thinking'
        ? { type: 'thinking', thinking: whole, signature: 'c2lnbmF0dXJl' }
        : { type: 'tool_use', id: 'toolu_shape_1', name: 'Write', input: JSON.parse(whole) as object };
  await write(assistant(id, block));
  await write(event(id, { type: 'content_block_stop', index: 0 }));
  await write(event(id, { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 1 } }));
  await write(event(id, { type: 'message_stop' }));
}

async function answer(shape: ReplyShape): Promise<void> {
  await write({ type: 'system', subtype: 'init', cwd: process.cwd(), session_id: sessionId, tools: ['Write'], model: 'shape-agent', permissionMode: 'default', uuid: nextUuid() });
  const reply = shape.build();
  if (reply.thinking !== undefined) await message('thinking', reply.thinking, 'end_turn');
  if (reply.toolInput !== undefined) {
    await message('tool_use', reply.toolInput, 'tool_use');
    const output = reply.toolResult ?? 'File written.';
    await write({
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: 'toolu_shape_1', type: 'tool_result', content: output, is_error: false }] },
      parent_tool_use_id: null,
      session_id: sessionId,
      uuid: nextUuid(),
    });
  }
  await message('text', reply.text, 'end_turn');
  await write({ type: 'result', subtype: 'success', is_error: false, terminal_reason: 'completed', result: '', session_id: sessionId, num_turns: 1, uuid: nextUuid() });
}

for await (const line of createInterface({ input: process.stdin })) {
  const prompt = (JSON.parse(line) as { message?: { content?: unknown } }).message?.content;
  const name = typeof prompt === 'string' ? prompt.trim() : '';
  const shape = REPLY_SHAPES.find((candidate) => candidate.name === name);
  if (shape === undefined) {
    await answer({ name, build: () => ({ text: [`Unknown shape "${name}". Shapes: ${REPLY_SHAPES.map((known) => known.name).join(', ')}`] }) });
  } else {
    await answer(shape);
  }
}
