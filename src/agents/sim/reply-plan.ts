/**
 * The content of a simulated reply: which API messages and content blocks a turn streams, and the
 * exact delta strings of each block.
 *
 * Invariants:
 * - Deterministic: the plan depends only on the prompt text and the reply options. The seed is a
 *   hash of the prompt, so the same prompt always yields the same text and the same chunking.
 * - Lazy and re-iterable: delta lists are generated on each iteration, so a million-word reply
 *   costs no memory up front and two iterations yield identical strings.
 * - A block's deltas concatenate to the block's full content; text starts without a separator and
 *   every later delta carries its own leading whitespace, so nothing is lost between deltas.
 * - With `multibyte`, two of every three vocabulary words are multibyte UTF-8, so more than half of
 *   the text deltas contain multibyte characters at every chunk size; with `ascii`, none do.
 * - With `markdown`, the same prose is dressed as markdown (a heading, emphasis and inline code,
 *   bullet-list paragraphs, fenced code between paragraphs); without it, not one random draw
 *   differs, so plain replies are unchanged.
 * - Sequence markers and ids are not part of the plan: they depend on the process, not the prompt.
 */

import type { JsonObject } from '../../shared/agent-messages';
import type { ReplyOptions } from './options';
import { DEFAULT_WORDS } from './options';
import type { SeededRandom } from './seeded-random';
import { createRandom, hashText } from './seeded-random';

export type PlannedBlock =
  | { type: 'thinking'; deltas: Iterable<string>; signature: string }
  | { type: 'text'; deltas: Iterable<string> }
  | { type: 'tool_use'; name: string; input: JsonObject; inputJsonChunks: readonly string[] };

export interface PlannedMessage {
  blocks: readonly PlannedBlock[];
  stopReason: 'end_turn' | 'tool_use';
}

export interface ReplyPlan {
  /** One message, or two when a tool round trip sits between them. */
  messages: readonly PlannedMessage[];
  /** What the tool "prints" between the two messages; null without a tool. */
  toolResultText: string | null;
  inputTokens: number;
}

export const ECHO_TOOL_NAME = 'Echo';

const ASCII_WORDS = [
  'stream', 'agent', 'buffer', 'signal', 'token', 'pipe', 'flow', 'latency', 'render', 'message',
  'delta', 'chunk', 'queue', 'river', 'sluice', 'gate', 'water', 'channel', 'steady', 'quiet',
  'bright', 'line', 'order', 'byte', 'frame', 'window', 'light', 'harbor', 'current', 'meadow',
  'stone', 'bridge', 'lantern', 'garden', 'morning', 'simple', 'careful', 'clear', 'gentle', 'swift',
] as const;

const MULTIBYTE_WORDS = [
  'café', 'naïve', 'über', 'Straße', 'Grüße', 'résumé', 'façade', 'señor', 'déjà', 'Ω', 'Ωmega',
  '日本語', '中文', '東京', '数据', 'こんにちは', '🚀', '👍🏽', '✨', '🌊', 'λ', 'Zürich', 'crème', 'Ärger',
] as const;

const GREETING_PATTERN = /^\s*(hi|hello|hey|hiya|hallo|howdy|yo|good (morning|afternoon|evening))\b[\s!.?]*$/i;
const GREETING_MULTIBYTE =
  "Hi there! 👋 I'm the Sluice simulator, a stand-in agent that streams deterministic replies. " +
  'Ask me anything, or start a prompt with "/sim words=500 thinking tool" to shape the answer.';
const GREETING_ASCII =
  "Hi there! I'm the Sluice simulator, a stand-in agent that streams deterministic replies. " +
  'Ask me anything, or start a prompt with "/sim words=500 thinking tool" to shape the answer.';

const THINKING_OPENING = 'Let me think this through step by step.';
const ECHO_WORDS = 6;
/** Small enough that even a short tool input arrives as several input_json_delta lines. */
const JSON_CHUNK_CODE_POINTS = 12;

/** Distinct seeds per block so the thinking, the text and the tool input do not repeat each other. */
const TEXT_SALT = 0;
const THINKING_SALT = 0x9e3779b9;
const TOOL_SALT = 0x85ebca6b;

function reiterable<T>(makeIterator: () => Iterator<T>): Iterable<T> {
  return { [Symbol.iterator]: makeIterator };
}

/** Splits text into tokens that each carry their leading whitespace, so tokens concatenate back to it. */
function tokensOf(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

function* chunked(tokens: Iterable<string>, tokensPerChunk: number): Generator<string> {
  let current = '';
  let count = 0;
  for (const token of tokens) {
    current += token;
    if (++count === tokensPerChunk) {
      yield current;
      current = '';
      count = 0;
    }
  }
  if (count > 0) yield current;
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Prose-like word tokens: sentences of 6–14 words with a capital and a full stop, a paragraph
 * break every few sentences (so renderers see newlines), and a leading separator on every token
 * but the first. With `markdown`, the same words are dressed as markdown (see the header).
 */
function* proseTokens(random: SeededRandom, wordCount: number, multibyte: boolean, markdown = false): Generator<string> {
  let sentenceLeft = 0;
  let sentencesInParagraph = 0;
  let paragraphLength = 3 + random.int(3);
  let separator = '';
  let listParagraph = false;
  let paragraphs = 0;
  if (markdown) separator = `## ${capitalized(random.pick(ASCII_WORDS))} ${random.pick(ASCII_WORDS)}\n\n`;
  for (let index = 0; index < wordCount; index++) {
    const startsSentence = sentenceLeft === 0;
    if (startsSentence) sentenceLeft = 6 + random.int(9);
    const useMultibyte = multibyte && index % 3 !== 2;
    let word: string = useMultibyte ? random.pick(MULTIBYTE_WORDS) : random.pick(ASCII_WORDS);
    if (startsSentence) word = capitalized(word);
    else if (markdown) word = dressed(word, random);
    sentenceLeft--;
    const lastWord = index === wordCount - 1;
    if (sentenceLeft === 0 || lastWord) {
      word += random.next() < 0.8 ? '.' : random.pick(['!', '?']);
      sentenceLeft = 0;
    }
    if (markdown && startsSentence && listParagraph) separator = separator.startsWith('\n\n') ? `${separator}- ` : '\n- ';
    yield separator + word;
    if (sentenceLeft === 0 && ++sentencesInParagraph === paragraphLength) {
      separator = '\n\n';
      sentencesInParagraph = 0;
      paragraphLength = 3 + random.int(3);
      if (markdown) {
        // Code after the first paragraph, then now and then.
        const first = ++paragraphs === 1;
        if (random.next() < 0.3 || first) separator = `\n\n${codeBlock(random)}\n\n`;
        listParagraph = random.next() < 0.3;
      }
    } else {
      separator = ' ';
    }
  }
}

/** A word, sometimes bold or (an ASCII one) inline code. */
function dressed(word: string, random: SeededRandom): string {
  const draw = random.next();
  if (draw < 0.06) return `**${word}**`;
  if (draw < 0.1 && /^[a-z]+$/.test(word)) return `\`${word}\``;
  return word;
}

function codeBlock(random: SeededRandom): string {
  const [name, call, field] = [random.pick(ASCII_WORDS), random.pick(ASCII_WORDS), random.pick(ASCII_WORDS)];
  return ['```ts', `const ${name} = ${call}({ ${field}: ${random.int(100)} });`, `// ${random.pick(ASCII_WORDS)} ${random.pick(ASCII_WORDS)}`, '```'].join('\n');
}

function proseText(seed: number, wordCount: number, multibyte: boolean): string {
  return [...proseTokens(createRandom(seed), wordCount, multibyte)].join('');
}

function textDeltas(text: string, chunk: number): Iterable<string> {
  return reiterable(() => chunked(tokensOf(text), chunk));
}

function proseDeltas(seed: number, wordCount: number, options: ReplyOptions): Iterable<string> {
  return reiterable(() => chunked(proseTokens(createRandom(seed), wordCount, options.multibyte, options.markdown), options.chunk));
}

function codePointChunks(text: string, size: number): string[] {
  const codePoints = Array.from(text);
  const chunks: string[] = [];
  for (let start = 0; start < codePoints.length; start += size) chunks.push(codePoints.slice(start, start + size).join(''));
  return chunks;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function isGreeting(prompt: string): boolean {
  return GREETING_PATTERN.test(prompt);
}

export function planReply(prompt: string, options: ReplyOptions): ReplyPlan {
  const seed = hashText(prompt);
  const blocks: PlannedBlock[] = [];
  const wordCount = options.words ?? DEFAULT_WORDS;

  if (options.thinking) {
    const thinkingWords = Math.min(48, Math.max(8, Math.round(wordCount / 4)));
    const opening = tokensOf(THINKING_OPENING);
    const thinkingSeed = (seed ^ THINKING_SALT) >>> 0;
    blocks.push({
      type: 'thinking',
      deltas: reiterable(() =>
        chunked(
          (function* () {
            yield* opening;
            for (const token of proseTokens(createRandom(thinkingSeed), thinkingWords, options.multibyte)) {
              yield token.startsWith(' ') || token.startsWith('\n') ? token : ` ${token}`;
            }
          })(),
          options.chunk,
        ),
      ),
      signature: base64(`sluice-sim-signature-${seed.toString(16)}`),
    });
  }

  const greets = options.words === null && isGreeting(prompt);
  blocks.push({
    type: 'text',
    deltas: greets
      ? textDeltas(options.multibyte ? GREETING_MULTIBYTE : GREETING_ASCII, options.chunk)
      : proseDeltas((seed ^ TEXT_SALT) >>> 0, wordCount, options),
  });

  const inputTokens = 10 + Math.ceil(prompt.length / 4);
  if (!options.tool) return { messages: [{ blocks, stopReason: 'end_turn' }], toolResultText: null, inputTokens };

  const echoText = proseText((seed ^ TOOL_SALT) >>> 0, ECHO_WORDS, options.multibyte);
  const input: JsonObject = { text: echoText };
  blocks.push({
    type: 'tool_use',
    name: ECHO_TOOL_NAME,
    input,
    inputJsonChunks: codePointChunks(JSON.stringify(input), JSON_CHUNK_CODE_POINTS),
  });
  const answer = `The ${ECHO_TOOL_NAME} tool returned: ${echoText} That completes the round trip.`;
  return {
    messages: [
      { blocks, stopReason: 'tool_use' },
      { blocks: [{ type: 'text', deltas: textDeltas(answer, options.chunk) }], stopReason: 'end_turn' },
    ],
    toolResultText: echoText,
    inputTokens,
  };
}
