import { describe, expect, it } from 'vitest';
import type { ReplyOptions } from './options';
import { DEFAULT_REPLY_OPTIONS } from './options';
import type { PlannedBlock, ReplyPlan } from './reply-plan';
import { planReply } from './reply-plan';

function options(overrides: Partial<ReplyOptions> = {}): ReplyOptions {
  return { ...DEFAULT_REPLY_OPTIONS, ...overrides };
}

function textBlocks(plan: ReplyPlan): Extract<PlannedBlock, { type: 'text' }>[] {
  return plan.messages.flatMap((message) => message.blocks).filter((block): block is Extract<PlannedBlock, { type: 'text' }> => block.type === 'text');
}

function firstTextDeltas(plan: ReplyPlan): string[] {
  const block = textBlocks(plan)[0];
  if (!block) throw new Error('no text block');
  return [...block.deltas];
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const PROMPTS = ['Tell me about rivers', 'explain backpressure', 'x', 'Warum ist der Himmel blau?', '日本語で答えて', 'a'.repeat(500)];

describe('planReply', () => {
  it('gives byte-identical deltas for the same prompt and options', () => {
    const first = firstTextDeltas(planReply('Tell me about rivers', options({ words: 300, chunk: 3 })));
    const second = firstTextDeltas(planReply('Tell me about rivers', options({ words: 300, chunk: 3 })));
    expect(second).toEqual(first);
  });

  it('yields the same deltas each time a plan is iterated', () => {
    const block = textBlocks(planReply('again', options({ words: 50 })))[0];
    expect([...(block?.deltas ?? [])]).toEqual([...(block?.deltas ?? [])]);
  });

  it('gives different text for different prompts', () => {
    const rivers = firstTextDeltas(planReply('Tell me about rivers', options())).join('');
    const mountains = firstTextDeltas(planReply('Tell me about mountains', options())).join('');
    expect(rivers).not.toBe(mountains);
  });

  it('writes exactly the requested number of words, 60 by default', () => {
    for (const words of [1, 2, 17, 60, 1000]) {
      const text = firstTextDeltas(planReply('count', options({ words }))).join('');
      expect(text.split(/\s+/)).toHaveLength(words);
    }
    expect(firstTextDeltas(planReply('count', options())).join('').split(/\s+/)).toHaveLength(60);
  });

  it('puts `chunk` words in every delta but the last', () => {
    for (const chunk of [1, 2, 3, 7]) {
      const deltas = firstTextDeltas(planReply('chunking', options({ words: 50, chunk })));
      expect(deltas).toHaveLength(Math.ceil(50 / chunk));
      for (const delta of deltas.slice(0, -1)) expect(delta.trim().split(/\s+/)).toHaveLength(chunk);
    }
  });

  it('reads like prose: capitalised sentences ending in punctuation, with paragraph breaks', () => {
    const text = firstTextDeltas(planReply('prose', options({ words: 400, multibyte: false }))).join('');
    expect(text).toMatch(/^[A-Z]/);
    expect(text).toMatch(/[.!?]$/);
    expect(text).toContain('\n\n');
  });

  it('puts multibyte UTF-8 in more than half of the text deltas at every chunk size', () => {
    for (const prompt of PROMPTS) {
      for (const chunk of [1, 2, 3, 4]) {
        const deltas = firstTextDeltas(planReply(prompt, options({ chunk })));
        const multibyte = deltas.filter((delta) => NON_ASCII.test(delta)).length;
        expect(multibyte / deltas.length).toBeGreaterThan(0.5);
      }
    }
  });

  it('uses the whole multibyte range: accents, CJK and astral emoji', () => {
    const text = firstTextDeltas(planReply('variety', options({ words: 2000 }))).join('');
    expect(text).toMatch(/[éüßΩ]/);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('stays ASCII with `ascii`', () => {
    for (const prompt of PROMPTS) {
      const plan = planReply(prompt, options({ multibyte: false, thinking: true, tool: true }));
      const everything = plan.messages
        .flatMap((message) => message.blocks)
        .flatMap((block) => (block.type === 'tool_use' ? [...block.inputJsonChunks] : [...block.deltas]));
      expect(everything.join('')).not.toMatch(NON_ASCII);
    }
  });

  it('dresses the prose as markdown with `markdown`: heading, emphasis, lists, fenced code', () => {
    const text = firstTextDeltas(planReply('Tell me about rivers', options({ words: 400, markdown: true }))).join('');
    expect(text).toMatch(/^## [A-Z]\w+ \w+\n\n/);
    expect(text).toMatch(/\*\*\S+\*\*/);
    expect(text).toMatch(/\n- [A-Z]/);
    expect(text).toMatch(/\n```ts\nconst \w+ = \w+\(\{ \w+: \d+ \}\);\n\/\/ \w+ \w+\n```\n/);
    // Only the dressing differs: the same words, in the same order.
    const words = (reply: string) => reply.replace(/^## .*\n/, '').replace(/```ts\n[^`]*```/g, '').replace(/[*`-]/g, '').split(/\s+/).filter(Boolean);
    expect(words(text)).toHaveLength(400);
  });

  it('answers "hi" with defaults with a short friendly greeting', () => {
    const text = firstTextDeltas(planReply('hi', options())).join('');
    expect(text).toMatch(/^Hi there!/);
    expect(text.split(/\s+/).length).toBeLessThan(40);
  });

  it('answers "hi" with prose when words is chosen', () => {
    const text = firstTextDeltas(planReply('hi', options({ words: 5 }))).join('');
    expect(text).not.toMatch(/^Hi there!/);
    expect(text.split(/\s+/)).toHaveLength(5);
  });

  it('plans a thinking block with a signature before the text', () => {
    const plan = planReply('think', options({ thinking: true }));
    const blocks = plan.messages[0]?.blocks ?? [];
    expect(blocks.map((block) => block.type)).toEqual(['thinking', 'text']);
    const thinking = blocks[0];
    if (thinking?.type !== 'thinking') throw new Error('expected thinking');
    expect([...thinking.deltas].length).toBeGreaterThan(1);
    expect(Buffer.from(thinking.signature, 'base64').toString('base64')).toBe(thinking.signature);
  });

  it('plans a tool round trip whose input JSON chunks concatenate to the input', () => {
    const plan = planReply('tool', options({ tool: true }));
    expect(plan.messages.map((message) => message.stopReason)).toEqual(['tool_use', 'end_turn']);
    const toolUse = plan.messages[0]?.blocks.at(-1);
    if (toolUse?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(toolUse.name).toBe('Echo');
    expect(toolUse.inputJsonChunks.length).toBeGreaterThan(1);
    expect(JSON.parse(toolUse.inputJsonChunks.join(''))).toEqual(toolUse.input);
    expect(plan.toolResultText).toBe(toolUse.input.text);
    expect(firstTextDeltas({ ...plan, messages: plan.messages.slice(1) }).join('')).toContain(String(toolUse.input.text));
  });

  it('never splits a surrogate pair across input_json_delta chunks', () => {
    for (const prompt of PROMPTS) {
      const toolUse = planReply(prompt, options({ tool: true })).messages[0]?.blocks.at(-1);
      if (toolUse?.type !== 'tool_use') throw new Error('expected tool_use');
      for (const chunk of toolUse.inputJsonChunks) expect(chunk).not.toMatch(LONE_SURROGATE);
    }
  });

  it('streams a million-word reply lazily', () => {
    const block = textBlocks(planReply('huge', options({ words: 1_000_000 })))[0];
    const iterator = block?.deltas[Symbol.iterator]();
    expect(iterator?.next().value).toEqual(expect.any(String));
  });
});
