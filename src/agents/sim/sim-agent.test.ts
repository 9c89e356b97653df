import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../shared/agent-messages';
import { interruptRequestLine, isObject, userInputLine } from '../../shared/agent-messages';
import type { SimClock } from './clock';
import type { FaultOptions, LaunchOptions, ReplyOptions } from './options';
import { DEFAULT_FAULT_OPTIONS, DEFAULT_REPLY_OPTIONS } from './options';
import { CRASH_MESSAGE, MALFORMED_LINE, SimAgent } from './sim-agent';
import { INTERRUPT_TAIL, TEXT_TURN_SEQUENCE } from './reference-sequences.test-support';

interface Exit {
  code: number;
  message: string | undefined;
}

interface Harness {
  agent: SimAgent;
  raw: string[];
  lines: JsonObject[];
  warnings: string[];
  exit: Exit | null;
  send(line: string): void;
  /** Runs after every written line; lets a test react at an exact point of the stream. */
  onLine: ((line: JsonObject) => void) | null;
}

/** Pauses resolve on the next macrotask: fast, yet stdin lines can land between deltas. */
const immediateClock: SimClock = {
  now: () => 1_700_000_000_000,
  sleep: () => new Promise((resolve) => setImmediate(resolve)),
  yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
};

let uuidCounter = 0;
function fakeUuid(): string {
  return `00000000-0000-4000-8000-${String(++uuidCounter).padStart(12, '0')}`;
}

function startAgent(reply: Partial<ReplyOptions> = {}, faults: Partial<FaultOptions> = {}, launch: Partial<LaunchOptions> = {}): Harness {
  const harness: Harness = {
    agent: undefined as unknown as SimAgent,
    raw: [],
    lines: [],
    warnings: [],
    exit: null,
    send: (line) => harness.agent.receiveLine(line),
    onLine: null,
  };
  harness.agent = new SimAgent({
    write: (line) => {
      harness.raw.push(line);
      if (line !== MALFORMED_LINE) {
        const parsed: unknown = JSON.parse(line);
        if (isObject(parsed)) {
          harness.lines.push(parsed);
          harness.onLine?.(parsed);
        }
      }
      return Promise.resolve();
    },
    clock: immediateClock,
    newUuid: fakeUuid,
    cwd: '/tmp/project',
    launch: {
      reply: { ...DEFAULT_REPLY_OPTIONS, delay: 1, ...reply },
      faults: { ...DEFAULT_FAULT_OPTIONS, ...faults },
      sessionId: null,
      model: null,
      permissionMode: null,
      ...launch,
    },
    warn: (text) => harness.warnings.push(text),
    exit: (code, message) => {
      harness.exit ??= { code, message };
    },
  });
  return harness;
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the agent');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function results(harness: Harness): JsonObject[] {
  return harness.lines.filter((line) => line.type === 'result');
}

async function runPrompt(harness: Harness, prompt: string): Promise<void> {
  const before = results(harness).length;
  harness.send(userInputLine(prompt));
  await waitFor(() => results(harness).length > before);
}

function eventOf(line: JsonObject): JsonObject {
  return isObject(line.event) ? line.event : {};
}

function deltaOf(line: JsonObject): JsonObject {
  const delta = eventOf(line).delta;
  return isObject(delta) ? delta : {};
}

/** `type/subtype` or `stream_event/<event type>`: the vocabulary of the reference sequences. */
function kindOf(line: JsonObject): string {
  if (line.type === 'stream_event') return `stream_event/${String(eventOf(line).type)}`;
  if (line.type === 'system' || line.type === 'result') return `${line.type}/${String(line.subtype)}`;
  return String(line.type);
}

/** Kinds with runs of deltas collapsed, so sequences compare independent of reply length. */
function collapsedKinds(lines: JsonObject[]): string[] {
  const kinds: string[] = [];
  for (const line of lines) {
    const kind = kindOf(line) === 'stream_event/content_block_delta' ? `delta/${String(deltaOf(line).type)}` : kindOf(line);
    if (kinds.at(-1) !== kind) kinds.push(kind);
  }
  return kinds;
}

function textDeltas(lines: JsonObject[]): string[] {
  return lines.map(deltaOf).flatMap((delta) => (delta.type === 'text_delta' && typeof delta.text === 'string' ? [delta.text] : []));
}

function assistantBlocks(lines: JsonObject[]): JsonObject[] {
  return lines
    .filter((line) => line.type === 'assistant')
    .map((line) => {
      const message = isObject(line.message) ? line.message : {};
      const content = Array.isArray(message.content) ? (message.content as unknown[]) : [];
      const block = content[0];
      return isObject(block) ? block : {};
    });
}

describe('SimAgent text turns', () => {
  it('writes nothing before the first stdin line', async () => {
    const harness = startAgent();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.raw).toEqual([]);
  });

  it('writes a text turn in the reference line order', async () => {
    const harness = startAgent({ words: 12 });
    await runPrompt(harness, 'Tell me about rivers');
    expect(collapsedKinds(harness.lines)).toEqual(TEXT_TURN_SEQUENCE);
  });

  it('streams text deltas that concatenate to the assistant text and to result.result', async () => {
    const harness = startAgent({ words: 40, chunk: 3 });
    await runPrompt(harness, 'Tell me about rivers');
    const streamed = textDeltas(harness.lines).join('');
    expect(streamed.split(/\s+/)).toHaveLength(40);
    expect(assistantBlocks(harness.lines)).toEqual([{ type: 'text', text: streamed }]);
    expect(results(harness)[0]?.result).toBe(streamed);
  });

  it('marks every frame with the session and a uuid, and stream frames with parent and message ids', async () => {
    const harness = startAgent({ words: 6 });
    await runPrompt(harness, 'ids please');
    const sessionId = harness.agent.sessionId;
    for (const line of harness.lines) {
      expect(line.session_id).toBe(sessionId);
      expect(line.uuid).toEqual(expect.any(String));
      if (line.type === 'stream_event' || line.type === 'assistant') expect(line.parent_tool_use_id).toBeNull();
      if (line.type === 'stream_event') expect(line.api_message_id).toBe('msg_sim_1');
    }
    const init = harness.lines[0];
    expect(init).toMatchObject({ cwd: '/tmp/project', model: 'sluice-sim-1', tools: [], permissionMode: 'default', apiKeySource: 'none', sluice_simulator: true });
    expect(init).not.toHaveProperty('claude_code_version');
  });

  it('writes the result with the 2.1.331 key order and success fields', async () => {
    const harness = startAgent({ words: 6 });
    await runPrompt(harness, 'result shape');
    const result = results(harness)[0] ?? {};
    expect(Object.keys(result)[0]).toBe('duration_api_ms');
    expect(result).toMatchObject({
      subtype: 'success',
      is_error: false,
      terminal_reason: 'completed',
      num_turns: 1,
      stop_reason: 'end_turn',
      type: 'result',
      usage: expect.objectContaining({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) }),
      duration_ms: expect.any(Number),
    });
    expect(result.total_cost_usd).toBeGreaterThan(0);
  });

  it('queues a user message sent mid-turn and runs it after the result as its own turn', async () => {
    const harness = startAgent({ words: 30 });
    let queued = false;
    harness.onLine = (line) => {
      if (!queued && deltaOf(line).type === 'text_delta') {
        queued = true;
        harness.send(userInputLine('second prompt'));
      }
    };
    harness.send(userInputLine('first prompt'));
    await waitFor(() => results(harness).length === 2);
    const kinds = harness.lines.map(kindOf);
    const firstResult = kinds.indexOf('result/success');
    expect(kinds.indexOf('system/init', 1)).toBe(firstResult + 1);
    expect(collapsedKinds(harness.lines.slice(firstResult + 1))).toEqual(TEXT_TURN_SEQUENCE);
    expect(results(harness)[0]?.queued_turn_count).toBe(1);
  });

  it('keeps total_cost_usd cumulative across turns', async () => {
    const harness = startAgent({ words: 10 });
    await runPrompt(harness, 'one');
    await runPrompt(harness, 'two');
    const [first, second] = results(harness).map((result) => Number(result.total_cost_usd));
    expect(second).toBeGreaterThan(first ?? Infinity);
  });

  it('keeps one session id and numbers messages across turns', async () => {
    const harness = startAgent({ words: 4 });
    await runPrompt(harness, 'one');
    await runPrompt(harness, 'two');
    const sessionIds = new Set(harness.lines.map((line) => line.session_id));
    expect(sessionIds.size).toBe(1);
    expect(results(harness).map((result) => result.begun_message_ids)).toEqual([['msg_sim_1'], ['msg_sim_2']]);
  });
});

describe('SimAgent reply shapes', () => {
  it('streams a thinking block with thinking deltas and one signature before the text', async () => {
    const harness = startAgent({ words: 20, thinking: true });
    await runPrompt(harness, 'think first');
    expect(collapsedKinds(harness.lines)).toEqual([
      'system/init',
      'system/status',
      'stream_event/message_start',
      'stream_event/content_block_start',
      'delta/thinking_delta',
      'delta/signature_delta',
      'assistant',
      'stream_event/content_block_stop',
      'stream_event/content_block_start',
      'delta/text_delta',
      'assistant',
      'stream_event/content_block_stop',
      'stream_event/message_delta',
      'stream_event/message_stop',
      'result/success',
    ]);
    const signatures = harness.lines.map(deltaOf).filter((delta) => delta.type === 'signature_delta');
    expect(signatures).toHaveLength(1);
    const [thinking, text] = assistantBlocks(harness.lines);
    expect(thinking).toMatchObject({ type: 'thinking', signature: signatures[0]?.signature });
    expect(text).toMatchObject({ type: 'text' });
    const textStart = harness.lines.filter((line) => eventOf(line).type === 'content_block_start')[1];
    expect(eventOf(textStart ?? {}).index).toBe(1);
  });

  it('runs an Echo tool round trip: tool_use, tool_result, a second message, one result with num_turns 2', async () => {
    const harness = startAgent({ words: 8, tool: true });
    await runPrompt(harness, 'use a tool');
    expect(collapsedKinds(harness.lines)).toEqual([
      'system/init',
      'system/status',
      'stream_event/message_start',
      'stream_event/content_block_start',
      'delta/text_delta',
      'assistant',
      'stream_event/content_block_stop',
      'stream_event/content_block_start',
      'delta/input_json_delta',
      'assistant',
      'stream_event/content_block_stop',
      'stream_event/message_delta',
      'stream_event/message_stop',
      'user',
      'system/status',
      'stream_event/message_start',
      'stream_event/content_block_start',
      'delta/text_delta',
      'assistant',
      'stream_event/content_block_stop',
      'stream_event/message_delta',
      'stream_event/message_stop',
      'result/success',
    ]);
    const toolStart = harness.lines.map(eventOf).find((event) => isObject(event.content_block) && event.content_block.type === 'tool_use');
    expect(toolStart?.content_block).toMatchObject({ type: 'tool_use', name: 'Echo', input: {} });
    const partialJson = harness.lines.map(deltaOf).flatMap((delta) => (delta.type === 'input_json_delta' ? [String(delta.partial_json)] : []));
    const toolUse = assistantBlocks(harness.lines)[1];
    expect(JSON.parse(partialJson.join(''))).toEqual(toolUse?.input);
    const stopReasons = harness.lines.map(eventOf).filter((event) => event.type === 'message_delta').map((event) => (isObject(event.delta) ? event.delta.stop_reason : null));
    expect(stopReasons).toEqual(['tool_use', 'end_turn']);
    const toolResult = harness.lines.find((line) => line.type === 'user');
    expect(toolResult?.message).toEqual({
      role: 'user',
      content: [{ tool_use_id: toolUse?.id, type: 'tool_result', content: (toolUse?.input as JsonObject).text, is_error: false }],
    });
    const result = results(harness)[0];
    expect(result).toMatchObject({ num_turns: 2, is_error: false, begun_message_ids: ['msg_sim_1', 'msg_sim_2'] });
    expect(result?.result).toBe(assistantBlocks(harness.lines)[2]?.text);
  });

  it('prefixes every text delta with sequence markers 1..n without gaps across the turn', async () => {
    const harness = startAgent({ words: 30, tool: true, seq: true });
    await runPrompt(harness, 'count them');
    const deltas = textDeltas(harness.lines);
    const numbers = deltas.map((text) => Number(/^⟦(\d+)⟧/.exec(text)?.[1]));
    expect(numbers).toEqual(Array.from({ length: deltas.length }, (_, index) => index + 1));
  });

  it('restarts sequence markers at 1 in each turn', async () => {
    const harness = startAgent({ words: 4, seq: true });
    await runPrompt(harness, 'one');
    await runPrompt(harness, 'two');
    expect(textDeltas(harness.lines).filter((text) => text.startsWith('⟦1⟧'))).toHaveLength(2);
  });

  it('stamps sim_ts as the last key of stream_event lines only', async () => {
    const harness = startAgent({ words: 6, stamp: true });
    await runPrompt(harness, 'stamp it');
    for (const line of harness.lines) {
      if (line.type === 'stream_event') expect(Object.keys(line).at(-1)).toBe('sim_ts');
      else expect(line).not.toHaveProperty('sim_ts');
    }
  });

  it('applies a /sim directive to its own prompt only', async () => {
    const harness = startAgent({ words: 5 });
    await runPrompt(harness, '/sim words=9 chunk=1 thinking\nrivers');
    await runPrompt(harness, 'rivers');
    const [first, second] = results(harness).map((result) => String(result.result).split(/\s+/).length);
    expect([first, second]).toEqual([9, 5]);
    expect(assistantBlocks(harness.lines).map((block) => block.type)).toEqual(['thinking', 'text', 'text']);
  });

  it('warns on stderr about an unknown directive token and still answers', async () => {
    const harness = startAgent({ words: 3 });
    await runPrompt(harness, '/sim wrods=3\nrivers');
    expect(harness.warnings).toEqual(["sim: ignoring directive token 'wrods=3'\n"]);
    expect(results(harness)[0]?.is_error).toBe(false);
  });

  it('reads the prompt from text blocks of array content', async () => {
    const harness = startAgent({ words: 3 });
    harness.send(JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: '/sim words=7' }, { type: 'text', text: 'rivers' }] } }));
    await waitFor(() => results(harness).length === 1);
    expect(String(results(harness)[0]?.result).split(/\s+/)).toHaveLength(7);
  });
});

describe('SimAgent interrupts', () => {
  function interruptAtDelta(harness: Harness, deltaNumber: number, requestId = 'int-1'): void {
    let deltas = 0;
    harness.onLine = (line) => {
      if (deltaOf(line).type === 'text_delta' && ++deltas === deltaNumber) harness.send(interruptRequestLine(requestId));
    };
  }

  it('answers an interrupt mid-stream, then writes the CLI abort sequence', async () => {
    const harness = startAgent({ words: 200 });
    interruptAtDelta(harness, 5);
    await runPrompt(harness, 'long answer');
    const kinds = collapsedKinds(harness.lines);
    expect(kinds.slice(0, 5)).toEqual(TEXT_TURN_SEQUENCE.slice(0, 5));
    expect(kinds.slice(5)).toEqual(INTERRUPT_TAIL);
    expect(harness.lines.find((line) => line.type === 'control_response')).toEqual({
      type: 'control_response',
      response: { subtype: 'success', request_id: 'int-1', response: { still_queued: [] } },
    });
  });

  it('puts the partial text in the aborted assistant line and ends with an aborted_streaming result', async () => {
    const harness = startAgent({ words: 200 });
    interruptAtDelta(harness, 5);
    await runPrompt(harness, 'long answer');
    const streamed = textDeltas(harness.lines);
    expect(streamed).toHaveLength(5);
    const aborted = harness.lines.find((line) => line.type === 'assistant');
    expect(aborted?.aborted).toBe(true);
    expect(assistantBlocks(harness.lines)).toEqual([{ type: 'text', text: streamed.join('') }]);
    expect(harness.lines.find((line) => line.type === 'user')?.message).toEqual({
      role: 'user',
      content: [{ type: 'text', text: '[Request interrupted by user]' }],
    });
    const messageDelta = harness.lines.map(eventOf).filter((event) => event.type === 'message_delta').at(-1);
    expect(isObject(messageDelta?.delta) && messageDelta.delta.stop_reason).toBeNull();
    expect(results(harness)[0]).toMatchObject({
      subtype: 'error_during_execution',
      is_error: true,
      terminal_reason: 'aborted_streaming',
      errors: [expect.any(String)],
    });
  });

  it('runs the next user message as a fresh, completed turn after an interrupt', async () => {
    const harness = startAgent({ words: 200 });
    interruptAtDelta(harness, 3);
    await runPrompt(harness, 'long answer');
    harness.onLine = null;
    const firstTurnLines = harness.lines.length;
    await runPrompt(harness, '/sim words=6\nshort answer');
    expect(collapsedKinds(harness.lines.slice(firstTurnLines))).toEqual(TEXT_TURN_SEQUENCE);
    expect(harness.exit).toBeNull();
  });

  it('only answers an interrupt that arrives while idle', async () => {
    const harness = startAgent();
    harness.send(interruptRequestLine('idle-1'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.lines.map(kindOf)).toEqual(['control_response']);
    expect(harness.exit).toBeNull();
  });

  it('ends a turn interrupted while its tool runs with the aborted_tools lines', async () => {
    const harness = startAgent({ words: 4, tool: true, delay: 1 });
    harness.onLine = (line) => {
      if (eventOf(line).type === 'message_stop') harness.send(interruptRequestLine('int-tool'));
    };
    await runPrompt(harness, 'tool then stop');
    const afterStop = harness.lines.slice(harness.lines.findIndex((line) => eventOf(line).type === 'message_stop') + 1);
    expect(afterStop.map(kindOf)).toEqual(['control_response', 'user', 'user', 'result/error_during_execution']);
    expect(afterStop[1]).toMatchObject({ tool_use_result: 'User rejected tool use' });
    expect(afterStop[2]?.message).toEqual({ role: 'user', content: [{ type: 'text', text: '[Request interrupted by user for tool use]' }] });
    expect(afterStop[3]).toMatchObject({ terminal_reason: 'aborted_tools', stop_reason: 'tool_use', is_error: true });
  });

  it('keeps streaming after answering an interrupt with --ignore-interrupt', async () => {
    const harness = startAgent({ words: 30 }, { ignoreInterrupt: true });
    interruptAtDelta(harness, 2);
    await runPrompt(harness, 'stubborn');
    expect(harness.lines.some((line) => line.type === 'control_response')).toBe(true);
    expect(results(harness)[0]).toMatchObject({ subtype: 'success', terminal_reason: 'completed' });
    expect(textDeltas(harness.lines)).toHaveLength(15);
  });
});

describe('SimAgent control protocol and input', () => {
  it('answers an unknown control subtype with an unsupported_request error', async () => {
    const harness = startAgent();
    harness.send(JSON.stringify({ type: 'control_request', request_id: 'req_bogus', request: { subtype: 'no_such_thing' } }));
    await waitFor(() => harness.lines.length === 1);
    expect(harness.lines[0]).toEqual({
      type: 'control_response',
      response: {
        subtype: 'error',
        request_id: 'req_bogus',
        error: 'Unsupported control request subtype: no_such_thing',
        error_code: 'unsupported_request',
      },
    });
  });

  it('echoes --model and --permission-mode in system/init', async () => {
    const harness = startAgent({}, {}, { model: 'sonnet', permissionMode: 'plan' });
    await runPrompt(harness, 'hi');
    expect(harness.lines[0]).toMatchObject({ type: 'system', subtype: 'init', cwd: '/tmp/project', model: 'sonnet', permissionMode: 'plan' });
  });

  it('answers set_model and set_permission_mode like the CLI, and the next init reports them', async () => {
    const harness = startAgent();
    harness.send(JSON.stringify({ type: 'control_request', request_id: 'req_model', request: { subtype: 'set_model', model: 'opus' } }));
    harness.send(JSON.stringify({ type: 'control_request', request_id: 'req_pm', request: { subtype: 'set_permission_mode', mode: 'acceptEdits' } }));
    await waitFor(() => harness.lines.length === 3);
    expect(harness.lines[0]).toEqual({ type: 'control_response', response: { subtype: 'success', request_id: 'req_model', response: { model: 'opus' } } });
    expect(harness.lines[1]).toEqual({ type: 'control_response', response: { subtype: 'success', request_id: 'req_pm', response: { mode: 'acceptEdits' } } });
    expect(harness.lines[2]).toMatchObject({ type: 'system', subtype: 'status', status: null, permissionMode: 'acceptEdits' });
    await runPrompt(harness, 'hi');
    expect(harness.lines[3]).toMatchObject({ type: 'system', subtype: 'init', model: 'opus', permissionMode: 'acceptEdits' });
  });

  it('refuses set_permission_mode with a mode claude does not know, and keeps the old one', async () => {
    const harness = startAgent();
    harness.send(JSON.stringify({ type: 'control_request', request_id: 'req_pm', request: { subtype: 'set_permission_mode', mode: 'yolo' } }));
    await waitFor(() => harness.lines.length === 1);
    expect(harness.lines[0]).toEqual({ type: 'control_response', response: { subtype: 'error', request_id: 'req_pm', error: 'Invalid permission mode: yolo' } });
    await runPrompt(harness, 'hi');
    expect(harness.lines[1]).toMatchObject({ subtype: 'init', permissionMode: 'default' });
  });

  it('ignores control_response lines, unknown types and blank lines', async () => {
    const harness = startAgent();
    harness.send(JSON.stringify({ type: 'control_response', response: { subtype: 'success', request_id: 'x', response: {} } }));
    harness.send(JSON.stringify({ type: 'keep_alive' }));
    harness.send('   ');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.raw).toEqual([]);
    expect(harness.exit).toBeNull();
  });

  it('exits 1 with the CLI parse error on a non-JSON stdin line', () => {
    const harness = startAgent();
    harness.send('this is not json');
    expect(harness.exit?.code).toBe(1);
    expect(harness.exit?.message).toMatch(/^Error parsing streaming input line \(type=unknown, 16 chars\): SyntaxError/);
    expect(harness.raw).toEqual([]);
  });

  it('exits 1 on a user line without a message', () => {
    const harness = startAgent();
    harness.send('{"type":"user"}');
    expect(harness.exit).toEqual({ code: 1, message: "Error: Expected message role 'user', got 'undefined'\n" });
  });
});

describe('SimAgent lifecycle', () => {
  it('finishes the running turn through its result when stdin ends mid-turn, then exits 0', async () => {
    const harness = startAgent({ words: 20 });
    harness.send(userInputLine('finish me'));
    await waitFor(() => textDeltas(harness.lines).length === 2);
    harness.agent.endInput();
    expect(harness.exit).toBeNull();
    await waitFor(() => harness.exit !== null);
    expect(results(harness)).toHaveLength(1);
    expect(harness.lines.at(-1)).toMatchObject({ type: 'result', is_error: false });
    expect(harness.exit?.code).toBe(0);
  });

  it('runs queued messages before exiting when stdin ends', async () => {
    const harness = startAgent({ words: 4 });
    harness.send(userInputLine('one'));
    harness.send(userInputLine('two'));
    harness.agent.endInput();
    await waitFor(() => harness.exit !== null);
    expect(results(harness)).toHaveLength(2);
    expect(harness.exit?.code).toBe(0);
  });

  it('exits 1 at the end of stdin when the last result was an error', async () => {
    const harness = startAgent({ words: 100 });
    let sent = false;
    harness.onLine = (line) => {
      if (!sent && deltaOf(line).type === 'text_delta') {
        sent = true;
        harness.send(interruptRequestLine('int-1'));
      }
    };
    await runPrompt(harness, 'stop me');
    harness.agent.endInput();
    expect(harness.exit?.code).toBe(1);
  });

  it('exits 0 without output when stdin ends while idle', () => {
    const harness = startAgent();
    harness.agent.endInput();
    expect(harness.exit?.code).toBe(0);
    expect(harness.raw).toEqual([]);
  });

  it('writes the abort lines without a control_response on SIGINT mid-turn, then exits 0', async () => {
    const harness = startAgent({ words: 100 });
    let deltas = 0;
    harness.onLine = (line) => {
      if (deltaOf(line).type === 'text_delta' && ++deltas === 3) harness.agent.receiveSigint();
    };
    harness.send(userInputLine('interrupt by signal'));
    await waitFor(() => harness.exit !== null);
    expect(collapsedKinds(harness.lines).slice(5)).toEqual(INTERRUPT_TAIL.slice(1));
    expect(harness.exit?.code).toBe(0);
  });

  it('exits 0 at once on SIGINT while idle', () => {
    const harness = startAgent();
    harness.agent.receiveSigint();
    expect(harness.exit?.code).toBe(0);
  });
});

describe('SimAgent fault knobs', () => {
  it('writes only init, assistant and result lines with --no-partials', async () => {
    const harness = startAgent({ words: 10, thinking: true }, { partials: false });
    await runPrompt(harness, 'quiet');
    expect(harness.lines.map(kindOf)).toEqual(['system/init', 'assistant', 'assistant', 'result/success']);
  });

  it('writes the short abort (assistant, marker, result) with --no-partials', async () => {
    const harness = startAgent({ words: 100 }, { partials: false });
    let paused = 0;
    harness.onLine = (line) => {
      if (line.type === 'system') {
        // No deltas are visible without partials: interrupt after a few pauses instead.
        const tick = (): void => {
          if (++paused === 3) harness.send(interruptRequestLine('int-np'));
          else setImmediate(tick);
        };
        setImmediate(tick);
      }
    };
    await runPrompt(harness, 'quiet but long');
    expect(harness.lines.map(kindOf)).toEqual(['system/init', 'control_response', 'assistant', 'user', 'result/error_during_execution']);
  });

  it('stops after N deltas with exit 3 and a crash message on stderr with --crash-after', async () => {
    const harness = startAgent({ words: 100 }, { crashAfterDeltas: 4 });
    harness.send(userInputLine('crash'));
    await waitFor(() => harness.exit !== null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.exit).toEqual({ code: 3, message: CRASH_MESSAGE });
    expect(textDeltas(harness.lines)).toHaveLength(4);
    expect(harness.lines.at(-1)).toMatchObject({ type: 'stream_event' });
    expect(results(harness)).toEqual([]);
  });

  it('writes a non-JSON line before every Nth line with --malformed-every', async () => {
    const harness = startAgent({ words: 20 }, { malformedEvery: 3 });
    await runPrompt(harness, 'garbage');
    harness.raw.forEach((line, index) => {
      expect(line === MALFORMED_LINE).toBe(index % 4 === 2);
    });
    expect(harness.raw.filter((line) => line === MALFORMED_LINE).length).toBe(Math.floor(harness.lines.length / 3));
  });
});
