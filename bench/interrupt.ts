/**
 * The interrupt benchmark: how fast "stop" takes effect, measured at the view boundary.
 *
 * - view stops growing: `interrupt()` → the view receives the interrupt mark (from then on it
 *   shows nothing new; the renderer freezes at the mark);
 * - turn ended: `interrupt()` → the view receives the turn's end (cooperative agent);
 * - process gone: `interrupt()` → the agent process has exited, for an agent that ignores the
 *   request and SIGINT (the ladder must reach a signal that works).
 * One simulator process serves all the cooperative runs (it stays alive between turns).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ViewEvent } from '../src/shared/protocol';
import { ESCALATION_BOUND_MS } from '../src/core/agent/interrupt-ladder';
import { systemClock } from '../src/core/clock';
import { Session } from '../src/core/session/session';
import { simulatorFromSource as sim } from '../src/core/agent/simulator-launch.test-support';

export interface Percentiles {
  runs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface InterruptReport {
  viewStops: Percentiles;
  turnEnded: Percentiles;
  processGone: Percentiles;
  escalationBoundMs: number;
}

function summarize(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number) * 10) / 10;
  return { runs: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `predicate` holds for an event the view receives. */
function watch(session: Session, predicate: (event: ViewEvent) => boolean): { seen: Promise<number>; stop: () => void } {
  let resolveSeen: (at: number) => void = () => undefined;
  const seen = new Promise<number>((resolve) => (resolveSeen = resolve));
  const stop = session.subscribe((event) => {
    if (predicate(event)) resolveSeen(performance.now());
  });
  return { seen, stop };
}

async function untilStreaming(session: Session): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    const last = session.view.messages.at(-1);
    if (last?.role === 'assistant' && (last.blocks[0]?.text.length ?? 0) > 20) return;
    await sleep(5);
  }
  throw new Error('the reply never started');
}

export async function runInterruptBench(cooperativeRuns: number, stubbornRuns: number): Promise<InterruptReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-interrupt-bench-'));
  const stops: number[] = [];
  const ends: number[] = [];
  const gone: number[] = [];
  try {
    const session = new Session({ id: 'coop', launch: sim(), journalPath: join(dataDir, 'coop.ndjson'), clock: systemClock });
    for (let run = 0; run < cooperativeRuns; run++) {
      const { turnId } = session.send('/sim words=100000 delay=2\nrun on');
      await untilStreaming(session);
      const mark = watch(session, (event) => event.kind === 'patches' && event.patches.some((patch) => patch.op === 'interrupt-mark'));
      const end = watch(session, (event) => event.kind === 'patches' && event.patches.some((patch) => patch.op === 'turn-end' && patch.turnId === turnId));
      const pressed = performance.now();
      session.interrupt();
      stops.push((await mark.seen) - pressed);
      ends.push((await end.seen) - pressed);
      mark.stop();
      end.stop();
    }
    await session.close();

    for (let run = 0; run < stubbornRuns; run++) {
      const stubborn = new Session({
        id: `stubborn-${run}`,
        launch: sim('--ignore-interrupt', '--ignore-sigint'),
        journalPath: join(dataDir, `stubborn-${run}.ndjson`),
        clock: systemClock,
      });
      stubborn.send('/sim words=100000 delay=2\nrun on');
      await untilStreaming(stubborn);
      const exited = watch(stubborn, (event) => event.kind === 'patches' && event.patches.some((patch) => patch.op === 'agent-state' && patch.state === 'exited'));
      const pressed = performance.now();
      stubborn.interrupt();
      gone.push((await exited.seen) - pressed);
      exited.stop();
      await stubborn.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { viewStops: summarize(stops), turnEnded: summarize(ends), processGone: summarize(gone), escalationBoundMs: ESCALATION_BOUND_MS };
}
