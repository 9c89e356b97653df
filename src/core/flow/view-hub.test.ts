import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ViewEvent } from '../../shared/protocol';
import { emptySessionView, type SessionPatch } from '../../shared/session-view';
import { fakeClock } from '../fake-clock.test-support';
import { Journal } from '../journal/journal';
import type { OutboundBatch } from './view-channel';
import { ViewHub } from './view-hub';

const AGENT = { kind: 'sim', label: 'Simulator', commandLine: 'sim' } as const;

let dir: string;
let journal: Journal;
let hub: ViewHub;
let delivered: OutboundBatch[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-hub-'));
  journal = new Journal(join(dir, 's.ndjson'));
  delivered = [];
  hub = new ViewHub({
    sessionId: 's',
    clock: fakeClock().clock,
    journal,
    spillPath: join(dir, 's.spill'),
    initial: emptySessionView('s', AGENT, journal.path),
    totals: () => ({ lines: 0, bytes: 0 }),
    setStdoutPaused: () => undefined,
    onDelivered: (batch) => delivered.push(batch),
    onSpillFailure: () => undefined,
  });
  journal.onWritten = () => hub.journalWritten();
});

afterEach(async () => {
  hub.close();
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const turnStart: SessionPatch = { op: 'turn-start', turn: { id: 't1', status: 'streaming', startedAt: 0 } };

describe('ViewHub', () => {
  it('applies and delivers a patch only once the journal holds the line it derives from', async () => {
    journal.outRun(Buffer.from('{"type":"system"}'));
    journal.flush();
    hub.publish([turnStart], [1, 1]);
    expect(delivered).toHaveLength(0);
    expect(hub.state.turns).toEqual([]);
    await journal.drained();
    expect(delivered.map((batch) => batch.lines)).toEqual([[1, 1]]);
    expect(hub.state.turns.map((turn) => turn.id)).toEqual(['t1']);
    expect(readFileSync(journal.path, 'utf8')).toContain('{\\"type\\":\\"system\\"}');
  });

  it('gives a new view a snapshot of what was delivered, then every later batch in order', () => {
    hub.publish([turnStart]);
    const events: ViewEvent[] = [];
    const unsubscribe = hub.subscribe((event) => events.push(event));
    hub.publish([{ op: 'turn-end', turnId: 't1', status: 'completed', endedAt: 1 }]);
    unsubscribe();
    hub.publish([{ op: 'stall', since: 5 }]);
    expect(events.map((event) => event.kind)).toEqual(['snapshot', 'patches']);
    const [snapshot, patches] = events;
    expect(snapshot?.kind === 'snapshot' && snapshot.session.turns.map((turn) => turn.status)).toEqual(['streaming']);
    expect(patches?.kind === 'patches' && patches.batch).toBe(1);
  });
});
