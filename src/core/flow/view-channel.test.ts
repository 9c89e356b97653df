import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_WINDOW, MAX_BATCH_BYTES, type ViewEvent } from '../../shared/protocol';
import { patchesWeight, type SessionPatch } from '../../shared/session-view';
import { FLOW_LIMITS, ViewChannel, shouldPause, type OutboundBatch } from './view-channel';

type PatchesEvent = Extract<ViewEvent, { kind: 'patches' }>;

function channel(flowControl: boolean) {
  const sent: PatchesEvent[] = [];
  const subject = new ViewChannel(1, (event) => event.kind === 'patches' && sent.push(event), 's1', flowControl);
  return { subject, sent };
}

const append = (text: string): SessionPatch => ({ op: 'block-append', messageId: 'm1', index: 0, text });
const batch = (texts: string[], lines: [number, number] | null): OutboundBatch => ({ patches: texts.map(append), lines, agentStamps: [] });

describe('ViewChannel', () => {
  it('sends every batch at once to a consumer without flow control, numbered from 1', () => {
    const { subject, sent } = channel(false);
    for (let i = 1; i <= 10; i++) subject.enqueue(batch([`${i}`], [i, i]));
    expect(sent.map((event) => event.batch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('sends at most CREDIT_WINDOW batches ahead of the last credit', () => {
    const { subject, sent } = channel(true);
    for (let i = 1; i <= 20; i++) subject.enqueue(batch([`${i} `], [i, i]));
    expect(sent).toHaveLength(CREDIT_WINDOW);
    expect(subject.creditStarved).toBe(true);
  });

  it('merges what it holds for a starved view into one batch with the same text and the full line range', () => {
    const { subject, sent } = channel(true);
    for (let i = 1; i <= 20; i++) subject.enqueue(batch([`${i} `], [i, i]));
    subject.credit(CREDIT_WINDOW);
    const released = sent[CREDIT_WINDOW] as PatchesEvent;
    expect(released.batch).toBe(CREDIT_WINDOW + 1);
    expect(released.patches).toEqual([append(Array.from({ length: 20 - CREDIT_WINDOW }, (_, i) => `${i + CREDIT_WINDOW + 1} `).join(''))]);
    expect(released.lines).toEqual([CREDIT_WINDOW + 1, 20]);
    expect(subject.queuedBytes).toBe(0);
    expect(subject.coalescedPatches).toBe(20 - CREDIT_WINDOW - 1);
  });

  it('cuts a heavy queue into batches of at most MAX_BATCH_BYTES; the lines go with the last piece', () => {
    const { subject, sent } = channel(true);
    subject.enqueue(batch(['a'.repeat(MAX_BATCH_BYTES * 3)], [1, 7]));
    expect(sent).toHaveLength(CREDIT_WINDOW);
    expect(sent.every((event) => patchesWeight(event.patches) <= MAX_BATCH_BYTES)).toBe(true);
    expect(sent.map((event) => event.lines)).toEqual([null, null, null, [1, 7]]);
    expect(sent.flatMap((event) => event.patches).map((patch) => (patch.op === 'block-append' ? patch.text : '')).join('')).toBe('a'.repeat(MAX_BATCH_BYTES * 3));
    expect(subject.deliveredLines).toBe(7);
    expect(subject.queuedBytes).toBe(0);
  });

  it('delivers exactly the enqueued text in order whatever the credit timing (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 5 }), fc.boolean()), { maxLength: 60 }), (steps) => {
        const { subject, sent } = channel(true);
        let line = 0;
        for (const [text, grant] of steps) {
          line++;
          subject.enqueue(batch([text], [line, line]));
          if (grant) subject.credit(sent.at(-1)?.batch ?? 0);
        }
        for (let i = 0; i < 100 && subject.queuedPatches > 0; i++) subject.credit(sent.at(-1)?.batch ?? 0);
        const received = sent.flatMap((event) => event.patches).map((patch) => (patch.op === 'block-append' ? patch.text : '')).join('');
        expect(received).toBe(steps.map(([text]) => text).join(''));
        expect(sent.map((event) => event.batch)).toEqual(sent.map((_, i) => i + 1));
        const ranges = sent.map((event) => event.lines).filter((range) => range !== null);
        ranges.forEach((range, i) => i > 0 && expect(range[0]).toBe((ranges[i - 1] as [number, number])[1] + 1));
      }),
      { numRuns: 500 },
    );
  });
});

describe('shouldPause', () => {
  const depth = (bytes: number, patches: number) => ({ bytes, patches });

  it('pauses above either hard cap, in bytes or in patches', () => {
    expect(shouldPause(false, depth(FLOW_LIMITS.hardCapBytes, 0))).toBe(false);
    expect(shouldPause(false, depth(FLOW_LIMITS.hardCapBytes + 1, 0))).toBe(true);
    expect(shouldPause(false, depth(0, FLOW_LIMITS.hardCapPatches + 1))).toBe(true);
  });

  it('reads again only once below both low watermarks', () => {
    expect(shouldPause(true, depth(FLOW_LIMITS.lowWatermarkBytes, 0))).toBe(true);
    expect(shouldPause(true, depth(0, FLOW_LIMITS.lowWatermarkPatches))).toBe(true);
    expect(shouldPause(true, depth(FLOW_LIMITS.lowWatermarkBytes - 1, FLOW_LIMITS.lowWatermarkPatches - 1))).toBe(false);
  });
});
