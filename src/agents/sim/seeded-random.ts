/**
 * Deterministic randomness for the simulator's reply content.
 *
 * Invariants:
 * - Pure: the same seed yields the same sequence on every platform and Node version. Only 32-bit
 *   integer arithmetic is used (FNV-1a, mulberry32), never Math.random, so a prompt always
 *   produces byte-identical text and chunking.
 * - Values from `next()` are in [0, 1); `int(n)` is in [0, n).
 */

export interface SeededRandom {
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
}

/** FNV-1a over UTF-16 code units: cheap, stable, and good enough to spread similar prompts apart. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: tiny state, full 32-bit period, and identical output wherever JavaScript runs. */
export function createRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick() needs a non-empty list');
      return item;
    },
  };
}
