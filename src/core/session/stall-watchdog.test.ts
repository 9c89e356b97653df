import { describe, expect, it } from 'vitest';
import { fakeClock } from '../fake-clock.test-support';
import { StallWatchdog } from './stall-watchdog';

function watchdog() {
  const { clock, advance } = fakeClock();
  const events: string[] = [];
  const subject = new StallWatchdog(clock, 1_000, (since) => events.push(`stall since ${since}`), () => events.push('clear'));
  return { subject, events, advance };
}

describe('StallWatchdog', () => {
  it('reports a stall once when an open turn is quiet for the threshold, counting from the last output', () => {
    const { subject, events, advance } = watchdog();
    subject.turnStarted(0);
    advance(400);
    subject.output(true);
    advance(999);
    expect(events).toEqual([]);
    advance(1);
    advance(5_000);
    expect(events).toEqual(['stall since 400']);
  });

  it('clears the stall when output resumes, and watches again', () => {
    const { subject, events, advance } = watchdog();
    subject.turnStarted(0);
    advance(1_000);
    subject.output(true);
    advance(1_000);
    expect(events).toEqual(['stall since 0', 'clear', 'stall since 1000']);
  });

  it('stops watching when the turn ends', () => {
    const { subject, events, advance } = watchdog();
    subject.turnStarted(0);
    subject.output(false);
    advance(10_000);
    expect(events).toEqual([]);
    subject.turnStarted(10_000);
    advance(1_000);
    subject.stop();
    expect(events).toEqual(['stall since 10000', 'clear']);
  });
});
