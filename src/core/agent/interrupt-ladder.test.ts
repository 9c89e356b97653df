import { describe, expect, it } from 'vitest';
import type { InterruptState, InterruptStep } from '../../shared/session-view';
import { fakeClock } from '../fake-clock.test-support';
import { ESCALATION_BOUND_MS, InterruptLadder, REPEAT_PRESS_DEBOUNCE_MS } from './interrupt-ladder';

function ladder() {
  const { clock, advance } = fakeClock();
  const taken: { step: InterruptStep; at: number }[] = [];
  const states: (InterruptState | undefined)[] = [];
  const subject = new InterruptLadder({ clock, take: (step) => taken.push({ step, at: clock.now() }), changed: (state) => states.push(state) });
  return { subject, taken, states, advance };
}

describe('InterruptLadder', () => {
  it('asks the agent first and stops there when the turn ends', () => {
    const { subject, taken, states, advance } = ladder();
    expect(subject.press('t1')).toBe('started');
    advance(100);
    subject.settle();
    advance(60_000);
    expect(taken.map((entry) => entry.step)).toEqual(['control_request']);
    expect(states.at(-1)).toBeUndefined();
  });

  it('escalates to SIGINT, SIGTERM and SIGKILL within the documented bound when nothing ends the turn', () => {
    const { subject, taken, advance } = ladder();
    subject.press('t1');
    advance(60_000);
    expect(taken.map((entry) => entry.step)).toEqual(['control_request', 'SIGINT', 'SIGTERM', 'SIGKILL']);
    expect(taken.at(-1)?.at).toBe(ESCALATION_BOUND_MS);
  });

  it('escalates at once on a second press after the debounce window', () => {
    const { subject, taken, advance } = ladder();
    subject.press('t1');
    advance(REPEAT_PRESS_DEBOUNCE_MS);
    expect(subject.press('t1')).toBe('escalated');
    expect(taken.map((entry) => entry.step)).toEqual(['control_request', 'SIGINT']);
  });

  it('treats a hundred presses within a second as one interrupt', () => {
    const { subject, taken, advance } = ladder();
    const outcomes = new Set<string>();
    for (let i = 0; i < 100; i++) {
      outcomes.add(subject.press('t1'));
      advance(3);
    }
    expect(taken.map((entry) => entry.step)).toEqual(['control_request']);
    expect([...outcomes].sort()).toEqual(['debounced', 'started']);
  });

  it('does nothing more after SIGKILL, however often pressed', () => {
    const { subject, taken, advance } = ladder();
    subject.press('t1');
    advance(60_000);
    expect(subject.press('t1')).toBe('at-last-step');
    expect(taken).toHaveLength(4);
  });
});
