import { describe, expect, it } from 'vitest';
import type { Turn } from '../../../../shared/session-view';
import { apiRetryText, formatCost, formatDuration, stallSeconds, stallText, turnElapsedMs, turnSummaryText } from './recovery-text';

function completed(overrides: Partial<Turn> = {}): Turn {
  return { id: 'turn-1', status: 'completed', startedAt: 10_000, endedAt: 13_250, ...overrides };
}

describe('recovery text', () => {
  it('formats durations in seconds, one decimal under a minute', () => {
    expect(formatDuration(0)).toBe('0.0 s');
    expect(formatDuration(3_249)).toBe('3.2 s');
    expect(formatDuration(1_100)).toBe('1.1 s');
    expect(formatDuration(45_300)).toBe('45.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(-5)).toBe('0.0 s');
  });

  it('formats a turn’s cost with four decimals below a dollar', () => {
    expect(formatCost(0.0023)).toBe('$0.0023');
    expect(formatCost(0)).toBe('$0.0000');
    expect(formatCost(0.00001)).toBe('<$0.0001');
    expect(formatCost(1.234)).toBe('$1.23');
  });

  it('sums a completed turn up in one line: duration, tokens in/out, cost', () => {
    const turn = completed({ summary: { durationMs: 3_200, inputTokens: 1_234, outputTokens: 567, costUsd: 0.0023 } });
    expect(turnSummaryText(turn)).toBe('3.2 s · 1,234 in / 567 out tokens · $0.0023');
  });

  it('leaves out what the summary does not know, and falls back to the turn’s clock for duration', () => {
    expect(turnSummaryText(completed())).toBe('3.2 s');
    expect(turnSummaryText(completed({ summary: { costUsd: 0.01 } }))).toBe('3.2 s · $0.0100');
    expect(turnSummaryText(completed({ summary: { outputTokens: 9 } }))).toBe('3.2 s · 9 tokens out');
    expect(turnSummaryText(completed({ endedAt: undefined }))).toBeNull();
  });

  it('measures a turn from start to end, and not while it runs', () => {
    expect(turnElapsedMs(completed())).toBe(3_250);
    expect(turnElapsedMs(completed({ status: 'streaming', endedAt: undefined }))).toBeUndefined();
    expect(turnElapsedMs(undefined)).toBeUndefined();
  });

  it('counts a stall in whole seconds, never from before the open turn', () => {
    expect(stallText(stallSeconds(100_000, 90_000, 147_900))).toBe('No output from the agent for 47 s');
    // The core's last output predates the turn (or is 0 before any output): count from the turn.
    expect(stallSeconds(0, 100_000, 146_000)).toBe(46);
    expect(stallSeconds(100_000, undefined, 99_000)).toBe(0);
    expect(stallText(1_234)).toBe('No output from the agent for 1,234 s');
  });

  it('says which API retry is coming and when', () => {
    expect(apiRetryText({ attempt: 2, maxRetries: 10, delayMs: 1_100, error: '529' })).toBe(
      'The model API failed (529) — retry 2 of 10 in 1.1 s',
    );
    expect(apiRetryText({ attempt: 1, maxRetries: 0, delayMs: 500, error: null })).toBe('The model API failed — retry 1 in 0.5 s');
  });
});
