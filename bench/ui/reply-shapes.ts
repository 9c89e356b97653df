/**
 * The reply shapes the UI benchmark streams into the renderer: each is what a real session can
 * produce and what froze peers (and, measured in issue #14, Sluice). Deterministic: the same
 * shape is the same bytes in every run. `exactText` is what the transcript must show for the
 * text part, so a run can check the reply arrived whole.
 */

export interface ShapeReply {
  /** The assistant text, as the pieces of its deltas. */
  text: readonly string[];
  thinking?: readonly string[];
  /** A Write tool call's input JSON, as the pieces of its input_json_delta lines. */
  toolInput?: readonly string[];
  toolResult?: string;
}

export interface ReplyShape {
  name: string;
  build(): ShapeReply;
}

const WORDS = ['stream', 'sluice', 'river', 'buffer', 'gate', 'line', 'byte', 'delta', 'frame', 'quiet', 'harbor', 'signal'];

/** `count` words from a fixed cycle (a prime stride, so lines do not repeat too visibly). */
function words(count: number, offset = 0): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(WORDS[((i + offset) * 7) % WORDS.length] as string);
  return out;
}

/** `text` cut into deltas of `size` characters. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

const MB = 1_000_000;

function paragraph(bytes: number): string {
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += `${words(12, i).join(' ')} `;
  return text.slice(0, bytes);
}

export const REPLY_SHAPES: readonly ReplyShape[] = [
  { name: 'paragraph-1mb', build: () => ({ text: pieces(paragraph(MB), 120) }) },
  {
    name: 'code-block-1mb',
    build: () => {
      const lines: string[] = [];
      for (let i = 0; lines.join('\n').length < MB; i++) lines.push(`const value${i} = compute(${i}, "${words(4, i).join('-')}"); // line ${i}`);
      return { text: pieces(`Here is the file:\n\n\`\`\`ts\n${lines.join('\n')}\n\`\`\`\n\nDone.`, 200) };
    },
  },
  {
    name: 'table-5000-rows',
    build: () => {
      const rows = Array.from({ length: 5_000 }, (_, i) => `| ${i} | ${words(3, i).join(' ')} | ${(i * 37) % 1000} |`);
      return { text: pieces(`| # | words | value |\n|---|---|---|\n${rows.join('\n')}\n`, 160) };
    },
  },
  {
    name: 'paragraphs-10000',
    build: () => ({ text: pieces(Array.from({ length: 10_000 }, (_, i) => `${words(8, i).join(' ')}.`).join('\n\n'), 120) }),
  },
  { name: 'one-delta-2mb', build: () => ({ text: [paragraph(2 * MB)] }) },
  { name: 'unbroken-word-300k', build: () => ({ text: pieces(`A word with no break: ${'x'.repeat(300_000)} and after it.`, 400) }) },
  { name: 'thinking-1mb', build: () => ({ thinking: pieces(paragraph(MB), 120), text: ['Thought it through.'] }) },
  {
    name: 'tool-input-5mb',
    build: () => ({ toolInput: pieces(JSON.stringify({ file_path: '/tmp/big.txt', content: paragraph(5 * MB) }), 400), text: ['Wrote the file.'] }),
  },
  { name: 'tool-result-5mb', build: () => ({ toolInput: [JSON.stringify({ file_path: '/tmp/log.txt', content: 'x' })], toolResult: paragraph(5 * MB), text: ['Read it.'] }) },
];
