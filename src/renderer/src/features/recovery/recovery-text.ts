/**
 * The words of the recovery UI: durations, costs, the stall and API-retry notices, and the
 * one-line summary under a finished turn.
 *
 * Invariants:
 * - Pure functions of their arguments (no clock read here), so each string is tested as is.
 * - A part whose fact is unknown is left out, never shown as 0 or "NaN": a summary with nothing
 *   known is `null`, and nothing is rendered for it.
 */

import type { ApiRetry, Turn, TurnSummary } from '../../../../shared/session-view';
import { formatCount } from '../status/human-units';

/** "0.4 s", "3.2 s", "45.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 60_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.floor(safe / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** "$0.0023" below a dollar (costs per turn are small), "$1.25" above; "<$0.0001" for dust. */
export function formatCost(usd: number): string {
  if (usd > 0 && usd < 0.0001) return '<$0.0001';
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** How long the turn ran, start to end; undefined while it runs. */
export function turnElapsedMs(turn: Turn | undefined): number | undefined {
  if (turn?.endedAt === undefined) return undefined;
  return Math.max(0, turn.endedAt - turn.startedAt);
}

/** "3.2 s · 1,234 in · 567 out · $0.0023", from what the summary (else the turn's clock) knows. */
export function turnSummaryText(turn: Turn): string | null {
  const summary: TurnSummary = turn.summary ?? {};
  const parts: string[] = [];
  const duration = summary.durationMs ?? turnElapsedMs(turn);
  if (duration !== undefined) parts.push(formatDuration(duration));
  const tokens = tokensText(summary);
  if (tokens !== null) parts.push(tokens);
  if (summary.costUsd !== undefined) parts.push(formatCost(summary.costUsd));
  return parts.length === 0 ? null : parts.join(' · ');
}

function tokensText(summary: TurnSummary): string | null {
  const { inputTokens, outputTokens } = summary;
  if (inputTokens !== undefined && outputTokens !== undefined) {
    return `${formatCount(inputTokens)} in / ${formatCount(outputTokens)} out tokens`;
  }
  if (inputTokens !== undefined) return `${formatCount(inputTokens)} tokens in`;
  if (outputTokens !== undefined) return `${formatCount(outputTokens)} tokens out`;
  return null;
}

/**
 * Since when the agent has been silent. The core dates a stall from the agent's last output,
 * which can predate the open turn (or be 0 before any output at all): the turn's start bounds it.
 */
export function stallOrigin(stalledSince: number, turnStartedAt: number | undefined): number {
  return turnStartedAt === undefined ? stalledSince : Math.max(stalledSince, turnStartedAt);
}

/** Whole seconds without output, at `now`. */
export function stallSeconds(stalledSince: number, turnStartedAt: number | undefined, now: number): number {
  return Math.max(0, Math.floor((now - stallOrigin(stalledSince, turnStartedAt)) / 1000));
}

export function stallText(seconds: number): string {
  return `No output from the agent for ${formatCount(seconds)} s`;
}

/** "The model API failed (529) — retry 2 of 10 in 1.1 s". */
export function apiRetryText(retry: ApiRetry): string {
  const cause = retry.error === null || retry.error === '' ? '' : ` (${retry.error})`;
  const of = retry.maxRetries > 0 ? ` of ${formatCount(retry.maxRetries)}` : '';
  return `The model API failed${cause} — retry ${formatCount(retry.attempt)}${of} in ${formatDuration(retry.delayMs)}`;
}
