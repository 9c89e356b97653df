import { describe, expect, it } from 'vitest';
import { BUDGET_MS, BUDGET_WINDOW_MS, IDLE_TIMEOUT_MS, MarkdownBudget, type IdleScheduler } from './markdown-budget';

/** A clock that each render advances by `costMs`, and idle callbacks run by hand. */
function setup(costMs: number) {
  let now = 0;
  const idle: Array<{ work: (timeRemaining: () => number) => void; timeoutMs: number }> = [];
  const scheduler: IdleScheduler = {
    now: () => now,
    requestIdle: (work, timeoutMs) => idle.push({ work, timeoutMs }),
  };
  const rendered: string[] = [];
  const budget = new MarkdownBudget(scheduler, (source) => {
    rendered.push(source);
    now += costMs;
    return `<p>${source}</p>`;
  });
  return {
    budget,
    rendered,
    idle,
    advance: (ms: number) => (now += ms),
    runIdle: (remainingMs: number) => idle.splice(0).forEach((request) => request.work(() => remainingMs)),
  };
}

describe('MarkdownBudget', () => {
  it('renders at once until the window’s budget is spent, then declines until the next window', () => {
    const { budget, advance } = setup(2);
    const results = Array.from({ length: 6 }, (_, i) => budget.renderNow(`s${i}`));
    expect(results.filter((html) => html !== null)).toHaveLength(BUDGET_MS / 2);
    expect(results.slice(BUDGET_MS / 2).every((html) => html === null)).toBe(true);
    advance(BUDGET_WINDOW_MS);
    expect(budget.renderNow('next frame')).toBe('<p>next frame</p>');
  });

  it('renders deferred segments oldest first in idle time, as many as fit, at least one', () => {
    const { budget, idle, runIdle } = setup(1);
    const delivered: string[] = [];
    for (const name of ['a', 'b', 'c']) budget.renderLater(name, (html) => delivered.push(html));
    expect(idle).toHaveLength(1);
    expect(idle[0]!.timeoutMs).toBe(IDLE_TIMEOUT_MS);
    runIdle(0);
    expect(delivered).toEqual(['<p>a</p>']);
    runIdle(BUDGET_MS + 50);
    expect(delivered).toEqual(['<p>a</p>', '<p>b</p>', '<p>c</p>']);
    expect(idle).toHaveLength(0);
  });

  it('skips a cancelled request', () => {
    const { budget, rendered, runIdle } = setup(1);
    const delivered: string[] = [];
    const cancel = budget.renderLater('gone', (html) => delivered.push(html));
    budget.renderLater('kept', (html) => delivered.push(html));
    cancel();
    runIdle(100);
    expect(delivered).toEqual(['<p>kept</p>']);
    expect(rendered).toEqual(['kept']);
  });
});
