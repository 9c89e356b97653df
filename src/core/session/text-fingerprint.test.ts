import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextFingerprint } from './text-fingerprint';

describe('TextFingerprint', () => {
  it('matches any text that starts with what was folded in, however it was chunked (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 20 }), fc.string({ unit: 'grapheme' }), (chunks, rest) => {
        const fingerprint = new TextFingerprint();
        for (const chunk of chunks) fingerprint.extend(chunk);
        const text = chunks.join('');
        expect(fingerprint.length).toBe(text.length);
        expect(fingerprint.matchesPrefixOf(text + rest)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('does not match a text that differs anywhere in that prefix, or is shorter', () => {
    const fingerprint = new TextFingerprint();
    fingerprint.extend('Hello, ');
    fingerprint.extend('world');
    expect(fingerprint.matchesPrefixOf('Hello, world!')).toBe(true);
    expect(fingerprint.matchesPrefixOf('Hello, World!')).toBe(false);
    expect(fingerprint.matchesPrefixOf('Jello, world!')).toBe(false);
    expect(fingerprint.matchesPrefixOf('Hello')).toBe(false);
  });
});
