import { describe, expect, it } from 'vitest';
import { PREVIEW_CHARS, oneLinePreview } from './one-line-preview';

describe('oneLinePreview', () => {
  it('flattens whitespace and keeps a short text whole', () => {
    expect(oneLinePreview('  a\n\n  b\tc ')).toBe('a b c');
  });

  it('cuts a long text at PREVIEW_CHARS with an ellipsis, reading only its start', () => {
    const cut = oneLinePreview('x'.repeat(10_000_000));
    expect(cut).toBe(`${'x'.repeat(PREVIEW_CHARS)}…`);
  });
});
