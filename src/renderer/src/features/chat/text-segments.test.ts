import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEGMENT_CHARS, SegmentCutter } from './text-segments';

const paragraph = (chars: number) => 'x'.repeat(chars - 1) + '\n';

describe('SegmentCutter', () => {
  it('keeps short text whole', () => {
    expect(new SegmentCutter().cut('hello')).toEqual({ finished: [], tail: 'hello' });
  });

  it('joins back to the text, and finished segments never change as the text grows (property)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'é', '日', ' ', '\n', '🚀'), minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 40 }), (words, appendEvery) => {
        const cutter = new SegmentCutter();
        let text = '';
        let previous: readonly string[] = [];
        words.forEach((piece, i) => {
          text += piece.repeat(1 + (i % appendEvery)) + 'x'.repeat(SEGMENT_CHARS / 64);
          const { finished, tail } = cutter.cut(text);
          expect(finished.map((segment) => segment + '\n').join('') + tail).toBe(text);
          expect(finished.slice(0, previous.length)).toEqual(previous);
          // The same as cutting the whole text afresh: the boundaries depend only on the text.
          expect(new SegmentCutter().cut(text)).toEqual({ finished, tail });
          previous = finished;
        });
      }),
      { numRuns: 50 },
    );
  });

  it('hands back the same segment strings and array while only the tail grows', () => {
    const cutter = new SegmentCutter();
    const first = cutter.cut(paragraph(SEGMENT_CHARS + 10) + 'tail');
    const second = cutter.cut(paragraph(SEGMENT_CHARS + 10) + 'tail grows');
    expect(second.finished).toBe(first.finished);
    expect(second.tail).toBe('tail grows');
  });

  it('starts over when the text is not an extension of the last one', () => {
    const cutter = new SegmentCutter();
    cutter.cut(paragraph(SEGMENT_CHARS + 10) + 'tail');
    const other = 'y'.repeat(SEGMENT_CHARS + 10) + '\nmore';
    expect(cutter.cut(other)).toEqual(new SegmentCutter().cut(other));
    expect(cutter.cut('short')).toEqual({ finished: [], tail: 'short' });
  });
});
