/**
 * Turns "something changed" into at most one commit per animation frame.
 *
 * Invariants:
 * - However many times `request` is called between two frames, `commit` runs once.
 * - A requested commit always happens: on the next animation frame, or after
 *   `HIDDEN_COMMIT_INTERVAL_MS` when no frame comes first. Browsers do not run
 *   requestAnimationFrame in a hidden (or occluded, throttled) window, and a transcript that
 *   froze until the window is shown again would make its state jump and hold memory meanwhile.
 *   Racing the frame against a timer needs no visibility tracking and cannot miss a change of
 *   visibility between the request and the frame.
 * - The scheduler is injected, so the policy is tested in plain Node with a fake clock.
 */

export const HIDDEN_COMMIT_INTERVAL_MS = 100;

export interface FrameScheduler {
  /** Runs `callback` before the next paint; returns a cancel function. */
  requestFrame(callback: () => void): () => void;
  /** Runs `callback` after `ms`; returns a cancel function. */
  setTimer(callback: () => void, ms: number): () => void;
}

export interface FrameCommit {
  /** Asks for a commit on the next frame (or the fallback timer). Idempotent until then. */
  request(): void;
}

export function createFrameCommit(
  commit: () => void,
  scheduler: FrameScheduler = browserFrameScheduler(),
  fallbackMs: number = HIDDEN_COMMIT_INTERVAL_MS,
): FrameCommit {
  let cancelFrame: (() => void) | null = null;
  let cancelTimer: (() => void) | null = null;

  function unschedule(): void {
    cancelFrame?.();
    cancelTimer?.();
    cancelFrame = null;
    cancelTimer = null;
  }

  function run(): void {
    unschedule();
    commit();
  }

  return {
    request() {
      if (cancelFrame !== null) return;
      cancelFrame = scheduler.requestFrame(run);
      cancelTimer = scheduler.setTimer(run, fallbackMs);
    },
  };
}

/** The real thing: requestAnimationFrame where it exists (a window), else the timer alone. */
export function browserFrameScheduler(): FrameScheduler {
  return {
    requestFrame(callback) {
      if (typeof globalThis.requestAnimationFrame !== 'function') return () => {};
      const handle = globalThis.requestAnimationFrame(() => callback());
      return () => globalThis.cancelAnimationFrame(handle);
    },
    setTimer(callback, ms) {
      const handle = globalThis.setTimeout(callback, ms);
      return () => globalThis.clearTimeout(handle);
    },
  };
}

/**
 * A slice's part of the frame commit: the fields it owns that change in this frame. The session
 * slice runs the commit and writes everything in one `set`, so a switch of session, its list
 * entry, the flow figures and the errors that belonged to the previous session change together;
 * each field is still decided by the slice that owns it.
 */
export interface FrameContribution<State> {
  /** `shown`: the session this commit shows; `switched`: it is another session than before. */
  frame(shown: { sessionId: string | null; switched: boolean }, state: State): Partial<State>;
}
