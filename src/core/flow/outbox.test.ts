import { describe, expect, it } from 'vitest';
import type { SessionPatch } from '../../shared/session-view';
import { Outbox, type JournalGate } from './outbox';
import type { OutboundBatch } from './view-channel';

/** A journal whose writes the test completes by hand. */
class FakeJournal implements JournalGate {
  ticket = 0;
  written = 0;
  isWritten(ticket: number): boolean {
    return ticket <= this.written;
  }
}

function setUp() {
  const journal = new FakeJournal();
  const delivered: OutboundBatch[] = [];
  const outbox = new Outbox((batch) => delivered.push(batch), journal);
  return { journal, delivered, outbox };
}

const append = (text: string): SessionPatch => ({ op: 'block-append', messageId: 'm', index: 0, text });

describe('Outbox', () => {
  it('delivers nothing derived from a line before the journal has written it', () => {
    const { journal, delivered, outbox } = setUp();
    journal.ticket = 1;
    outbox.push([append('a')], [1, 1]);
    outbox.flush();
    expect(delivered).toHaveLength(0);
    journal.written = 1;
    outbox.flush();
    expect(delivered.map((batch) => batch.lines)).toEqual([[1, 1]]);
  });

  it('keeps order: a later patch waits behind an earlier one, and coalesces with it once written', () => {
    const { journal, delivered, outbox } = setUp();
    journal.ticket = 1;
    outbox.push([append('a')], [1, 1]);
    journal.ticket = 2;
    outbox.push([append('b')], [2, 3]);
    journal.written = 1;
    outbox.flush();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.patches).toEqual([append('a')]);
    journal.ticket = 3;
    outbox.push([{ op: 'stall', since: undefined }]);
    journal.written = 2;
    outbox.flush();
    expect(delivered).toHaveLength(2); // 'b' is out; the stall patch waits for ticket 3
    journal.written = 3;
    outbox.flush();
    expect(delivered.flatMap((batch) => batch.patches)).toEqual([append('a'), append('b'), { op: 'stall', since: undefined }]);
    expect(delivered.map((batch) => batch.lines)).toEqual([[1, 1], [2, 3], null]);
  });

  it('without a journal, delivers on flush (nothing to wait for)', () => {
    const delivered: OutboundBatch[] = [];
    const outbox = new Outbox((batch) => delivered.push(batch));
    outbox.push([append('a')], [1, 1]);
    outbox.push([append('b')], [2, 2]);
    outbox.flush();
    expect(delivered).toEqual([{ patches: [append('ab')], lines: [1, 2], agentStamps: [] }]);
  });
});
