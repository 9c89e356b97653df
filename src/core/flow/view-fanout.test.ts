import { describe, expect, it } from 'vitest';
import type { ViewEvent } from '../../shared/protocol';
import type { SessionPatch } from '../../shared/session-view';
import { fakeClock } from '../fake-clock.test-support';
import { SAMPLE_INTERVAL_MS } from '../metrics/flow-sampler';
import { FLOW_LIMITS } from './view-channel';
import { ViewFanout } from './view-fanout';

function setUp() {
  const { clock, advance } = fakeClock();
  const stdout: boolean[] = [];
  let unjournaled = 0;
  const views = new ViewFanout({
    sessionId: 's1',
    clock,
    totals: () => ({ lines: 0, bytes: 0 }),
    outboxCoalescedPatches: () => 0,
    unjournaledChunks: () => unjournaled,
    setStdoutPaused: (paused) => stdout.push(paused),
  });
  const setUnjournaled = (chunks: number): void => {
    unjournaled = chunks;
  };
  return { views, advance, stdout, setUnjournaled };
}

const snapshot = (channel: number): ViewEvent => ({ kind: 'snapshot', channel, batch: 0, lines: 0 }) as unknown as ViewEvent;
/** A batch of one text append of `bytes` characters. */
const batch = (bytes: number) => ({
  patches: [{ op: 'block-append', messageId: 'm', index: 0, text: 'x'.repeat(bytes) } as SessionPatch],
  lines: null,
  agentStamps: [],
});

describe('ViewFanout', () => {
  it('sends a view its snapshot first, then every batch', () => {
    const { views } = setUp();
    const seen: ViewEvent[] = [];
    views.open((event) => seen.push(event), false, snapshot);
    views.deliver(batch(3));
    expect(seen.map((event) => event.kind)).toEqual(['snapshot', 'patches']);
    expect(seen[0]).toMatchObject({ channel: 1 });
  });

  it('pauses stdout while the journal writer lags, and reads again below the low watermark', () => {
    const { views, stdout, setUnjournaled } = setUp();
    setUnjournaled(FLOW_LIMITS.journalHardCapChunks + 1);
    views.updatePause();
    expect(views.paused).toBe(true);
    setUnjournaled(FLOW_LIMITS.journalLowWatermarkChunks);
    views.updatePause();
    expect(views.paused).toBe(true);
    setUnjournaled(FLOW_LIMITS.journalLowWatermarkChunks - 1);
    views.updatePause();
    expect(views.paused).toBe(false);
    expect(stdout).toEqual([true, false]);
  });

  it('pauses for a view that grants no credit, and a closed view no longer holds stdout back', () => {
    const { views, stdout } = setUp();
    const close = views.open(() => undefined, true, snapshot);
    // The credit window lets a few batches out; the rest queue past the hard cap.
    for (let sent = 0; sent <= 3 * FLOW_LIMITS.hardCapBytes; sent += 64 * 1024) views.deliver(batch(64 * 1024));
    expect(views.paused).toBe(true);
    close();
    expect(views.paused).toBe(false);
    expect(stdout).toEqual([true, false]);
  });

  it('sends flow samples only while a view is open, and a new agent starts unpaused', () => {
    const { views, advance, setUnjournaled } = setUp();
    const seen: ViewEvent[] = [];
    const close = views.open((event) => seen.push(event), false, snapshot);
    advance(SAMPLE_INTERVAL_MS * 2);
    const samples = seen.filter((event) => event.kind === 'metrics').length;
    expect(samples).toBeGreaterThan(0);
    close();
    advance(SAMPLE_INTERVAL_MS * 4);
    expect(seen.filter((event) => event.kind === 'metrics')).toHaveLength(samples);

    setUnjournaled(FLOW_LIMITS.journalHardCapChunks + 1);
    views.updatePause();
    views.agentStarted();
    expect(views.paused).toBe(false);
  });
});
