import { describe, expect, it } from 'vitest';
import { LineLedger } from './line-ledger';

describe('LineLedger', () => {
  it('counts nothing lost when ranges follow each other from the snapshot on', () => {
    const ledger = new LineLedger();
    ledger.startAt('s', 10);
    expect(ledger.receive([11, 20])).toBe(0);
    expect(ledger.receive(null)).toBe(0);
    expect(ledger.receive([21, 21])).toBe(0);
    expect(ledger.receive([22, 400])).toBe(0);
    expect(ledger).toMatchObject({ lostLines: 0, gaps: 0, contiguousLine: 400, newestLine: 400 });
  });

  it('counts a missing range as lost and keeps the contiguous line at the hole', () => {
    const ledger = new LineLedger();
    ledger.startAt('s', 0);
    ledger.receive([1, 5]);
    expect(ledger.receive([9, 12])).toBe(3);
    ledger.receive([13, 15]);
    expect(ledger).toMatchObject({ lostLines: 3, gaps: 1, contiguousLine: 5, newestLine: 15 });
  });

  it('counts lines skipped right after the snapshot', () => {
    const ledger = new LineLedger();
    ledger.startAt('s', 100);
    ledger.receive([102, 110]);
    expect(ledger.lostLines).toBe(1);
  });

  it('counts lines covered twice as repeated, not lost', () => {
    const ledger = new LineLedger();
    ledger.startAt('s', 0);
    ledger.receive([1, 10]);
    ledger.receive([8, 12]);
    expect(ledger).toMatchObject({ lostLines: 0, repeatedLines: 3, newestLine: 12 });
  });

  it('keeps losses across a reconnection snapshot of the same session, and starts over for another', () => {
    const ledger = new LineLedger();
    ledger.startAt('s', 0);
    ledger.receive([5, 6]);
    ledger.startAt('s', 50);
    expect(ledger).toMatchObject({ lostLines: 4, contiguousLine: 50, newestLine: 50 });
    ledger.receive([51, 60]);
    expect(ledger.lostLines).toBe(4);
    ledger.startAt('other', 0);
    expect(ledger).toMatchObject({ lostLines: 0, gaps: 0, newestLine: 0 });
  });

  it('tells lines still in flight apart from lost ones', () => {
    const ledger = new LineLedger();
    ledger.startAt('s', 0);
    ledger.receive([1, 40]);
    expect(ledger.inFlight(55)).toBe(15);
    expect(ledger.inFlight(30)).toBe(0);
    expect(ledger.lostLines).toBe(0);
  });
});
