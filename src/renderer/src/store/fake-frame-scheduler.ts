/**
 * A hand-cranked `FrameScheduler` for tests: frames run only when `runFrame` is called (as in
 * a visible window) or never (as in a hidden one), and timers run on `advance`.
 */

import type { FrameScheduler } from './frame-commit';

export interface FakeFrameScheduler extends FrameScheduler {
  runFrame(): void;
  advance(ms: number): void;
  readonly scheduledFrames: number;
}

export function fakeFrameScheduler(): FakeFrameScheduler {
  let frames: Array<() => void> = [];
  let timers: Array<{ at: number; callback: () => void }> = [];
  let now = 0;

  return {
    requestFrame(callback) {
      frames.push(callback);
      return () => {
        frames = frames.filter((frame) => frame !== callback);
      };
    },
    setTimer(callback, ms) {
      const timer = { at: now + ms, callback };
      timers.push(timer);
      return () => {
        timers = timers.filter((other) => other !== timer);
      };
    },
    runFrame() {
      const due = frames;
      frames = [];
      for (const frame of due) frame();
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((timer) => timer.at <= now);
      timers = timers.filter((timer) => timer.at > now);
      for (const timer of due) timer.callback();
    },
    get scheduledFrames() {
      return frames.length;
    },
  };
}
