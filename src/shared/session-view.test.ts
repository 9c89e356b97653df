import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  WARNINGS_KEPT,
  applyPatch,
  applyPatches,
  coalescePatches,
  emptySessionView,
  patchesWeight,
  splitPatches,
  type SessionPatch,
} from './session-view';

const base = () => emptySessionView('s1', { kind: 'sim', label: 'Simulator', commandLine: 'node sim.js' }, '/tmp/j.ndjson');
const startMessage: SessionPatch = {
  op: 'assistant-start',
  message: { role: 'assistant', id: 'm1', turnId: 't1', blocks: [], status: 'streaming', at: 0 },
};

describe('applyPatch', () => {
  it('never mutates the view it is given and shares untouched parts', () => {
    const before = applyPatches(base(), [startMessage, { op: 'block-start', messageId: 'm1', index: 0, block: { kind: 'text', text: '', done: false } }]);
    const frozen = JSON.stringify(before);
    const after = applyPatch(before, { op: 'block-append', messageId: 'm1', index: 0, text: 'hi' });
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after.turns).toBe(before.turns);
    expect(after.messages[0]).not.toBe(before.messages[0]);
  });

  it('keeps only the newest warnings but counts them all', () => {
    const patches: SessionPatch[] = Array.from({ length: WARNINGS_KEPT + 7 }, (_, i) => ({
      op: 'warning',
      warning: { code: 'malformed-line', message: `w${i}`, line: i },
    }));
    const view = applyPatches(base(), patches);
    expect(view.warnings).toHaveLength(WARNINGS_KEPT);
    expect(view.warningCount).toBe(WARNINGS_KEPT + 7);
    expect(view.warnings.at(-1)?.message).toBe(`w${WARNINGS_KEPT + 6}`);
  });

  it('closes every open block when the message ends', () => {
    const view = applyPatches(base(), [
      startMessage,
      { op: 'block-start', messageId: 'm1', index: 0, block: { kind: 'text', text: 'a', done: false } },
      { op: 'assistant-end', messageId: 'm1', status: 'interrupted' },
    ]);
    expect(view.messages[0]).toMatchObject({ status: 'interrupted', blocks: [{ done: true }] });
  });
});

describe('coalescePatches', () => {
  it('gives the same view as the uncoalesced patches, with no more patches (property)', () => {
    const append = fc.record({
      op: fc.constant('block-append' as const),
      messageId: fc.constant('m1'),
      index: fc.integer({ min: 0, max: 1 }),
      text: fc.string({ unit: 'grapheme', maxLength: 5 }),
    });
    const counters = fc.record({
      op: fc.constant('counters' as const),
      counters: fc.record({ lines: fc.nat(), messages: fc.nat(), bytes: fc.nat(), parseErrors: fc.nat() }),
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(append, counters), { maxLength: 60 }), (tail) => {
        const patches: SessionPatch[] = [
          startMessage,
          { op: 'block-start', messageId: 'm1', index: 0, block: { kind: 'text', text: '', done: false } },
          { op: 'block-start', messageId: 'm1', index: 1, block: { kind: 'thinking', text: '', done: false } },
          ...tail,
        ];
        const coalesced = coalescePatches(patches);
        expect(coalesced.length).toBeLessThanOrEqual(patches.length);
        expect(applyPatches(base(), coalesced)).toEqual(applyPatches(base(), patches));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('splitPatches', () => {
  const opening: SessionPatch[] = [
    startMessage,
    { op: 'block-start', messageId: 'm1', index: 0, block: { kind: 'text', text: '', done: false } },
  ];
  const append = (text: string): SessionPatch => ({ op: 'block-append', messageId: 'm1', index: 0, text });

  it('gives a head within the limit and a rest that together apply as the whole (property)', () => {
    const patch = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'é', '🚀', '\n'), maxLength: 300 }).map(append),
      fc.constant<SessionPatch>({ op: 'stall', since: 1 }),
    );
    fc.assert(
      fc.property(fc.array(patch, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 2_000 }), (tail, maxBytes) => {
        const { head, rest } = splitPatches(tail, maxBytes);
        expect(head.length).toBeGreaterThan(0);
        if (head.length > 1) expect(patchesWeight(head)).toBeLessThanOrEqual(maxBytes);
        expect(applyPatches(applyPatches(base(), [...opening, ...head]), rest)).toEqual(applyPatches(base(), [...opening, ...tail]));
        // A cut never falls inside a surrogate pair: both halves are well-formed text.
        const wellFormed = (text: string) => new TextDecoder().decode(new TextEncoder().encode(text)) === text;
        for (const piece of [...head, ...rest]) if (piece.op === 'block-append') expect(wellFormed(piece.text)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('cuts one long append at the limit, and lets a patch that cannot be cut go alone', () => {
    const { head, rest } = splitPatches([append('x'.repeat(1_000))], 164);
    expect(head).toEqual([append('x'.repeat(100))]);
    expect(rest).toEqual([append('x'.repeat(900))]);
    const stall: SessionPatch = { op: 'stall', since: 1 };
    expect(splitPatches([stall, stall], 10)).toEqual({ head: [stall], rest: [stall] });
  });
});
