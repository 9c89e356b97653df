/**
 * The escalation ladder of an interrupt: ask the agent (`control_request`), then SIGINT, then
 * SIGTERM, then SIGKILL to its process group, each step after a bounded wait.
 *
 * Invariants:
 * - A turn's interrupt is one ladder: the first press starts it, and it ends (`settle`) when the
 *   turn ends or the agent exits. Each step is taken at most once, in order.
 * - Bounded: if nothing settles the ladder, SIGKILL is sent at most `ESCALATION_BOUND_MS` after
 *   the first press.
 * - A later press escalates at once to the next step, but presses within
 *   `REPEAT_PRESS_DEBOUNCE_MS` of the last step count as the same press: a hundred rapid
 *   presses are one interrupt, never an instant SIGKILL.
 */

import { INTERRUPT_STEPS, type InterruptState, type InterruptStep } from '../../shared/session-view';
import type { Clock } from '../clock';

/** How long each step is given to end the turn before the next one is taken. */
export const STEP_GRACE_MS: Readonly<Record<Exclude<InterruptStep, 'SIGKILL'>, number>> = {
  control_request: 2_000,
  SIGINT: 1_500,
  SIGTERM: 1_500,
};
export const ESCALATION_BOUND_MS = STEP_GRACE_MS.control_request + STEP_GRACE_MS.SIGINT + STEP_GRACE_MS.SIGTERM;
export const REPEAT_PRESS_DEBOUNCE_MS = 400;

export interface InterruptLadderDeps {
  clock: Clock;
  /** Carries out one step (write the control request, or signal the process group). */
  take(step: InterruptStep): void;
  /** The visible state changed (undefined once settled). */
  changed(state: InterruptState | undefined): void;
}

export type PressOutcome = 'started' | 'escalated' | 'debounced' | 'at-last-step';

export class InterruptLadder {
  private state: InterruptState | null = null;
  private timer: unknown = null;

  constructor(private readonly deps: InterruptLadderDeps) {}

  get active(): boolean {
    return this.state !== null;
  }

  press(turnId: string): PressOutcome {
    const now = this.deps.clock.now();
    if (this.state === null) {
      this.state = { turnId, step: 'control_request', requestedAt: now, stepAt: now };
      this.enter('control_request');
      return 'started';
    }
    if (now - this.state.stepAt < REPEAT_PRESS_DEBOUNCE_MS) return 'debounced';
    return this.escalate() ? 'escalated' : 'at-last-step';
  }

  /** The turn ended or the agent exited: stop escalating. */
  settle(): void {
    this.clearTimer();
    if (this.state === null) return;
    this.state = null;
    this.deps.changed(undefined);
  }

  private escalate(): boolean {
    if (this.state === null) return false;
    const next = INTERRUPT_STEPS[INTERRUPT_STEPS.indexOf(this.state.step) + 1];
    if (next === undefined) return false;
    this.state = { ...this.state, step: next, stepAt: this.deps.clock.now() };
    this.enter(next);
    return true;
  }

  private enter(step: InterruptStep): void {
    this.clearTimer();
    this.deps.take(step);
    if (this.state) this.deps.changed(this.state);
    if (step !== 'SIGKILL') this.timer = this.deps.clock.setTimeout(() => this.escalate(), STEP_GRACE_MS[step]);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
