import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PIECE_CHARS, textPieces } from './LargeText';

describe('textPieces', () => {
  it('cuts any text into pieces that join back to it exactly, never inside a surrogate pair (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', 'é', '🚀'), maxLength: 200 }).map((chunk) => chunk.repeat(300));
    fc.assert(
      fc.property(text, (value) => {
        const pieces = textPieces(value);
        expect(pieces.join('')).toBe(value);
        expect(pieces.every((piece) => piece.length <= PIECE_CHARS * 2 + 1)).toBe(true);
        expect(pieces.every((piece) => !/[\uD800-\uDBFF]$/.test(piece))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('cuts just after a newline when one is near', () => {
    const line = `${'x'.repeat(PIECE_CHARS + 10)}\n`;
    const pieces = textPieces(line.repeat(4));
    expect(pieces[0]).toBe(line);
  });
});
