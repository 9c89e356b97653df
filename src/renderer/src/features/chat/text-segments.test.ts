// @vitest-environment jsdom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';
import { LONG_SEGMENT_CHARS, SEGMENT_CHARS, SegmentCutter, type TextSegments } from './text-segments';

const joined = ({ finished, tail }: TextSegments) => [...finished, tail].map((segment) => segment.source).join('');
const rendered = ({ finished, tail }: TextSegments) =>
  [...finished, tail].map((segment) => renderMarkdown(segment.reopen === null ? segment.source : `${segment.reopen}\n${segment.source}`)).join('');

/** Markdown blocks as an agent writes them: paragraphs, lists and fenced code (with blank lines inside). */
// Blocks stay under LONG_SEGMENT_CHARS: only a block longer than that may be cut inside.
const word = fc.constantFrom('flow', 'é', '日本', '🚀', '**bold**', '`code`', '1.', '-', 'x'.repeat(200));
const line = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));
const paragraph = fc.array(line, { minLength: 1, maxLength: 6 }).map((lines) => lines.join('\n'));
const item = fc.tuple(fc.constantFrom('- ', '* ', '1. '), line, fc.constantFrom('\n', '\n\n', '\n\n    ')).map(([marker, text, gap]) => marker + text + gap);
const list = fc.array(item, { minLength: 1, maxLength: 5 }).map((items) => items.join('').trimEnd());
const code = fc.array(fc.oneof(line, fc.constant('')), { minLength: 1, maxLength: 8 }).map((lines) => ['```ts', ...lines, '```'].join('\n'));
const markdownText = fc.array(fc.oneof(paragraph, list, code), { minLength: 1, maxLength: 40 }).map((blocks) => blocks.join('\n\n') + '\n');

describe('SegmentCutter', () => {
  it('keeps short text whole', () => {
    expect(new SegmentCutter().cut('hello')).toEqual({ finished: [], tail: { source: 'hello', reopen: null } });
  });

  it('is lossless and stable as the text grows, whatever the chunks (property)', () => {
    fc.assert(
      fc.property(markdownText, fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 50 }), (text, chunkSizes) => {
        const cutter = new SegmentCutter();
        let shown = 0;
        let previous: TextSegments['finished'] = [];
        for (let i = 0; shown < text.length; i++) {
          shown = Math.min(text.length, shown + chunkSizes[i % chunkSizes.length]!);
          const segments = cutter.cut(text.slice(0, shown));
          expect(joined(segments)).toBe(text.slice(0, shown));
          expect(segments.finished.slice(0, previous.length)).toEqual(previous);
          previous = segments.finished;
        }
        // The boundaries depend only on the text: cutting it whole gives the same segments.
        expect(new SegmentCutter().cut(text)).toEqual(cutter.cut(text));
      }),
      { numRuns: 60 },
    );
  });

  it('renders, segment by segment, exactly what the whole text renders to (property)', () => {
    fc.assert(
      fc.property(markdownText, (text) => {
        const segments = new SegmentCutter().cut(text);
        expect(rendered(segments)).toBe(renderMarkdown(text));
      }),
      { numRuns: 40 },
    );
  });

  it('cuts only after a blank line outside code, once a segment is long enough', () => {
    const paragraph = `${'w '.repeat(SEGMENT_CHARS / 2)}\n`;
    const fenceWithBlank = '```\na\n\nb\n```\n';
    const looseList = '- one\n\n- two\n\n  more of two\n';
    const { finished, tail } = new SegmentCutter().cut(`${paragraph}${fenceWithBlank}${looseList}\nnext\n\nlast`);
    expect(finished.map((segment) => segment.source)).toEqual([`${paragraph}${fenceWithBlank}${looseList}\n`]);
    expect(tail.source).toBe('next\n\nlast');
  });

  it('cuts an enormous code block at a line end and reopens its fence in the next segment', () => {
    const fence = '```python';
    const body = Array.from({ length: LONG_SEGMENT_CHARS / 100 + 10 }, (_, i) => `x = ${String(i).padStart(95, '0')}`).join('\n');
    const { finished, tail } = new SegmentCutter().cut(`${fence}\n${body}\n\`\`\`\n`);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.reopen).toBeNull();
    expect(tail.reopen).toBe(fence);
    const continued = document.createElement('div');
    continued.innerHTML = renderMarkdown(`${tail.reopen}\n${tail.source}`);
    expect(continued.querySelector('pre code.language-python')).not.toBeNull();
  });

  it('hands back the same segment objects and array while only the tail grows', () => {
    const cutter = new SegmentCutter();
    const start = `${'a'.repeat(SEGMENT_CHARS)}\n\n`;
    const first = cutter.cut(`${start}tail\n`);
    const second = cutter.cut(`${start}tail\ngrows`);
    expect(first.finished).toHaveLength(1);
    expect(second.finished).toBe(first.finished);
    expect(second.tail.source).toBe('tail\ngrows');
  });

  it('starts over when the text is not an extension of the last one', () => {
    const cutter = new SegmentCutter();
    cutter.cut(`${'a'.repeat(SEGMENT_CHARS)}\n\ntail\n`);
    const other = `${'b'.repeat(SEGMENT_CHARS)}\n\nmore\n`;
    expect(cutter.cut(other)).toEqual(new SegmentCutter().cut(other));
    expect(cutter.cut('short')).toEqual({ finished: [], tail: { source: 'short', reopen: null } });
  });
});
