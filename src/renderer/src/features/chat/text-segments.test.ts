import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEGMENT_CHARS, textSegments } from './text-segments';

describe('textSegments', () => {
  it('keeps short text whole', () => {
    expect(textSegments('hello')).toEqual(['hello']);
  });

  it('joins back to the text, and earlier segments never change as the text grows (property)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'é', '日', ' ', '\n', '🚀'), minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 40 }), (words, appendEvery) => {
        let text = '';
        let previous: string[] = [];
        words.forEach((piece, i) => {
          text += piece.repeat(1 + (i % appendEvery)) + 'x'.repeat(SEGMENT_CHARS / 64);
          const segments = textSegments(text);
          expect(segments.join('')).toBe(text);
          expect(segments.slice(0, -1).every((segment) => segment.endsWith('\n'))).toBe(true);
          expect(segments.slice(0, Math.max(0, previous.length - 1))).toEqual(previous.slice(0, -1));
          previous = segments;
        });
      }),
      { numRuns: 50 },
    );
  });
});
