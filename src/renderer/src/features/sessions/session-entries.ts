/**
 * What the sidebar shows for each session: its title, a status, when it started, and the day
 * group it falls in. Pure functions of the core's list, so they are tested without a DOM.
 *
 * Invariants:
 * - The order is the core's (newest first); nothing here re-sorts.
 * - The active session's status and title come from the live view when it knows better than the
 *   list (the list is refreshed when a turn starts or ends, the view on every frame).
 * - A session with no prompt yet is called `New conversation`, never `New session`, so the
 *   `New session` button keeps a name of its own.
 * - Times come from the session id (`YYYYMMDD-HHMMSS-…`, UTC, see main's data-dir.ts) and are
 *   shown in the person's time zone; an id of another shape just has no time.
 */

import type { SessionSummary } from '../../../../shared/protocol';

/** `past`: only a journal on disk, not opened since the app started (its status is not read). */
export type EntryStatus = 'streaming' | 'interrupted' | 'failed' | 'completed' | 'empty' | 'past';
export type EntryGroup = 'Today' | 'Yesterday' | 'Earlier';

export interface SessionEntry {
  id: string;
  title: string;
  status: EntryStatus;
  /** The status in words (`Streaming`, `Failed`…). */
  statusLabel: string;
  /** When it started: a time today and yesterday, a date before; empty when unknown. */
  when: string;
  group: EntryGroup;
  active: boolean;
}

/** What the live view knows about the active session. */
export interface ActiveFacts {
  id: string | null;
  lastStatus: SessionSummary['lastStatus'];
  /** The first prompt, when the view has one. */
  firstPrompt: string | undefined;
}

export const UNTITLED = 'New conversation';
/** The core's title for a live session without a prompt (session-registry.ts). */
const CORE_UNTITLED = 'New session';
const TITLE_CHARS = 80;
const STATUS_LABELS: Record<EntryStatus, string> = {
  streaming: 'Streaming',
  interrupted: 'Interrupted',
  failed: 'Failed',
  completed: 'Completed',
  empty: 'No messages yet',
  past: 'Saved',
};

export function sessionEntries(sessions: readonly SessionSummary[], active: ActiveFacts, now: Date): SessionEntry[] {
  return sessions.map((summary) => {
    const isActive = summary.id === active.id;
    const lastStatus = isActive && active.lastStatus !== undefined ? active.lastStatus : summary.streaming ? 'streaming' : summary.lastStatus;
    const status: EntryStatus = lastStatus ?? (summary.live ? 'empty' : 'past');
    const started = sessionStart(summary.id);
    return {
      id: summary.id,
      title: displayTitle(summary.title, isActive ? active.firstPrompt : undefined),
      status,
      statusLabel: STATUS_LABELS[status],
      when: started === null ? '' : whenLabel(started, now),
      group: started === null ? 'Earlier' : dayGroup(started, now),
      active: isActive,
    };
  });
}

/** Consecutive entries of the same day group, in order. */
export function groupEntries(entries: readonly SessionEntry[]): Array<{ group: EntryGroup; entries: SessionEntry[] }> {
  const groups: Array<{ group: EntryGroup; entries: SessionEntry[] }> = [];
  for (const entry of entries) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.group === entry.group) last.entries.push(entry);
    else groups.push({ group: entry.group, entries: [entry] });
  }
  return groups;
}

function displayTitle(title: string, firstPrompt: string | undefined): string {
  if (title !== CORE_UNTITLED && title.trim() !== '') return title;
  const fromPrompt = firstPrompt === undefined ? '' : titleFromPrompt(firstPrompt);
  return fromPrompt === '' ? UNTITLED : fromPrompt;
}

/** The core's rule (session-registry.ts): the first line that is not blank or a /sim directive. */
export function titleFromPrompt(prompt: string): string {
  const line = prompt.split('\n').find((candidate) => candidate.trim() !== '' && !candidate.startsWith('/sim ')) ?? '';
  const text = line.trim();
  return text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS)}…` : text;
}

const SESSION_STAMP = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/;

/** The creation time encoded in a session id, or null. */
export function sessionStart(id: string): Date | null {
  const match = SESSION_STAMP.exec(id);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? null : date;
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function dayGroup(started: Date, now: Date): EntryGroup {
  const today = startOfDay(now);
  const day = startOfDay(started);
  if (day >= today) return 'Today';
  const yesterday = startOfDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  return day >= yesterday ? 'Yesterday' : 'Earlier';
}

function whenLabel(started: Date, now: Date): string {
  if (dayGroup(started, now) !== 'Earlier') return started.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const sameYear = started.getFullYear() === now.getFullYear();
  return started.toLocaleDateString(undefined, sameYear ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' });
}
