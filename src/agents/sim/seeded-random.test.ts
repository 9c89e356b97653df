import { describe, expect, it } from 'vitest';
import { createRandom, hashText } from './seeded-random';

describe('seeded randomness', () => {
  it('hashes text stably (FNV-1a reference values)', () => {
    expect(hashText('')).toBe(0x811c9dc5);
    expect(hashText('a')).toBe(0xe40c292c);
  });

  it('repeats the same sequence for the same seed', () => {
    const first = createRandom(42);
    const second = createRandom(42);
    const draws = Array.from({ length: 100 }, () => [first.next(), second.next()]);
    for (const [a, b] of draws) expect(a).toBe(b);
  });

  it('stays within [0, 1) and within int bounds', () => {
    const random = createRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      expect(random.int(3)).toBeLessThan(3);
    }
  });
});
