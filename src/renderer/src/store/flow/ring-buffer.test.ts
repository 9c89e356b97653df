import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest values, oldest first, and never grows past its capacity', () => {
    const ring = new RingBuffer(4);
    for (let i = 1; i <= 1_000; i++) ring.push(i);
    expect(ring.size).toBe(4);
    expect(ring.capacity).toBe(4);
    const out = new Float64Array(4);
    expect(ring.copyInOrder(out)).toBe(4);
    expect([...out]).toEqual([997, 998, 999, 1000]);
    expect(ring.at(0)).toBe(997);
    expect(ring.newest()).toBe(1000);
  });

  it('reports only what was pushed before it fills', () => {
    const ring = new RingBuffer(240);
    ring.push(1);
    ring.push(2);
    const out: number[] = [];
    expect(ring.copyInOrder(out)).toBe(2);
    expect(out).toEqual([1, 2]);
    expect(ring.at(2)).toBeNaN();
  });

  it('writes missing readings (NaN) as gaps', () => {
    const ring = new RingBuffer(3);
    ring.push(1);
    ring.push(Number.NaN);
    ring.push(3);
    const out: Array<number | null> = [];
    ring.copyInOrderWithGaps(out);
    expect(out).toEqual([1, null, 3]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(2.5)).toThrow(RangeError);
  });
});
