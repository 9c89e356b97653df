/**
 * The simulator's knobs, as the dashboard sets them: reply size, pace and burst for the NEXT
 * prompt, sent as a directive line the simulator reads (syntax: src/agents/sim/options.ts).
 *
 * Invariants:
 * - Settings change nothing already streaming: they only shape the text of prompts sent later
 *   (`selectSimDirective` is prefixed by the composer at send time).
 * - A directive is produced only while the simulator answers: a real agent never receives one.
 * - `null` settings mean "no directive": the simulator's own defaults apply.
 * - Values are clamped to what the simulator accepts (non-negative integers; words and chunk
 *   at least 1), so the directive never carries a token the simulator would skip with a warning.
 */

import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';

export interface SimSettings {
  /** Reply length in words. */
  words: number;
  /** Milliseconds between deltas (0 = as fast as stdout accepts). */
  delay: number;
  /** Words per delta. */
  chunk: number;
  /** Stamp every line with the agent's write time, for the latency chart. */
  stamp: boolean;
}

/** The simulator's defaults (src/agents/sim/options.ts), shown when nothing is set. */
export const SIM_DEFAULTS: Readonly<SimSettings> = Object.freeze({ words: 60, delay: 15, chunk: 2, stamp: true });

/** A firehose: as fast as the pipe takes it, long enough to watch backpressure engage and release. */
export const LOAD_DIRECTIVE = '/sim words=200000 delay=0 chunk=4 seq stamp';
export const LOAD_PROMPT = `${LOAD_DIRECTIVE}\nLoad test: stream as fast as the pipe accepts.`;

export const SIM_LIMITS = {
  words: { min: 1, max: 1_000_000 },
  delay: { min: 0, max: 10_000 },
  chunk: { min: 1, max: 10_000 },
} as const;

export interface SimSlice {
  simSettings: SimSettings | null;
  setSimSettings(change: Partial<SimSettings>): void;
  resetSimSettings(): void;
}

export function createSimSlice(): StateCreator<AppState, [], [], SimSlice> {
  return (set) => ({
    simSettings: null,
    setSimSettings(change) {
      set((state) => ({ simSettings: clampSettings({ ...(state.simSettings ?? SIM_DEFAULTS), ...change }) }));
    },
    resetSimSettings() {
      set({ simSettings: null });
    },
  });
}

function clampSettings(settings: SimSettings): SimSettings {
  return {
    words: clampInt(settings.words, SIM_LIMITS.words),
    delay: clampInt(settings.delay, SIM_LIMITS.delay),
    chunk: clampInt(settings.chunk, SIM_LIMITS.chunk),
    stamp: settings.stamp,
  };
}

function clampInt(value: number, limits: { min: number; max: number }): number {
  if (!Number.isFinite(value)) return limits.min;
  return Math.min(limits.max, Math.max(limits.min, Math.round(value)));
}

export function simDirective(settings: SimSettings): string {
  return `/sim words=${settings.words} delay=${settings.delay} chunk=${settings.chunk}${settings.stamp ? ' stamp' : ''}`;
}

/** The directive line the next prompt gets, or null (no settings, or not the simulator). */
export function selectSimDirective(state: AppState): string | null {
  if (state.simSettings === null || state.session?.agent.kind !== 'sim') return null;
  return simDirective(state.simSettings);
}

/** The prompt as sent: the directive line first unless the person wrote their own. */
export function withDirective(directive: string | null, text: string): string {
  if (directive === null || /^\/sim(\s|$)/.test(text)) return text;
  return `${directive}\n${text}`;
}
