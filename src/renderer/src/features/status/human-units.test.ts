import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, plural } from './human-units';

describe('human units', () => {
  it('shows bytes below a kilobyte as whole bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
  });

  it('shows larger sizes in decimal units with one decimal below 100', () => {
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(3_400_000)).toBe('3.4 MB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
  });

  it('groups thousands in counts', () => {
    expect(formatCount(12_345)).toBe('12,345');
  });

  it('uses the singular for exactly one', () => {
    expect(plural(1, 'line')).toBe('1 line');
    expect(plural(2, 'line')).toBe('2 lines');
  });
});
