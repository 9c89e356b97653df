import { describe, expect, it } from 'vitest';
import { fakeFrameScheduler } from './fake-frame-scheduler';
import { createFrameCommit, HIDDEN_COMMIT_INTERVAL_MS } from './frame-commit';

describe('createFrameCommit', () => {
  it('commits once per frame however many times it is requested', () => {
    const scheduler = fakeFrameScheduler();
    let commits = 0;
    const frame = createFrameCommit(() => commits++, scheduler);
    for (let i = 0; i < 1000; i++) frame.request();
    expect(commits).toBe(0);
    scheduler.runFrame();
    expect(commits).toBe(1);
  });

  it('does not commit when nothing was requested', () => {
    const scheduler = fakeFrameScheduler();
    let commits = 0;
    createFrameCommit(() => commits++, scheduler);
    scheduler.runFrame();
    scheduler.advance(HIDDEN_COMMIT_INTERVAL_MS * 3);
    expect(commits).toBe(0);
  });

  it('commits on the fallback timer when no animation frame comes (hidden window)', () => {
    const scheduler = fakeFrameScheduler();
    let commits = 0;
    const frame = createFrameCommit(() => commits++, scheduler);
    frame.request();
    scheduler.advance(HIDDEN_COMMIT_INTERVAL_MS - 1);
    expect(commits).toBe(0);
    scheduler.advance(1);
    expect(commits).toBe(1);
  });

  it('does not commit twice when the frame runs before the fallback timer', () => {
    const scheduler = fakeFrameScheduler();
    let commits = 0;
    const frame = createFrameCommit(() => commits++, scheduler);
    frame.request();
    scheduler.runFrame();
    scheduler.advance(HIDDEN_COMMIT_INTERVAL_MS);
    expect(commits).toBe(1);
  });

  it('schedules again after a commit', () => {
    const scheduler = fakeFrameScheduler();
    let commits = 0;
    const frame = createFrameCommit(() => commits++, scheduler);
    frame.request();
    scheduler.runFrame();
    frame.request();
    scheduler.runFrame();
    expect(commits).toBe(2);
  });
});
