/**
 * Time for the simulator: timestamps, pacing between deltas, and yielding to the event loop.
 *
 * Invariants:
 * - `sleep` resolves early (never rejects) when its signal aborts, so an interrupt cuts a pause
 *   short instead of waiting out the delay.
 * - `yieldToEventLoop` lets pending I/O run (it is a macrotask, not a microtask): without it a
 *   delay-0 firehose would never read stdin, and an interrupt would wait for the turn to end.
 * - The engine takes a SimClock by injection; only main.ts uses `systemClock`, so tests can run
 *   turns without real timers.
 */

export interface SimClock {
  /** Milliseconds since the epoch (timestamps, durations, `sim_ts`). */
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  yieldToEventLoop(): Promise<void>;
}

export const systemClock: SimClock = {
  now: () => Date.now(),
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      signal.addEventListener('abort', finish, { once: true });
    });
  },
  yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
};
