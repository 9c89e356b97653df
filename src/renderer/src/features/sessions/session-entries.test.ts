import { describe, expect, it } from 'vitest';
import { sessionSummary } from '../../store/session-fixtures';
import { dayGroup, groupEntries, sessionEntries, sessionStart, titleFromPrompt, UNTITLED } from './session-entries';

const NOW = new Date(2025, 5, 15, 12, 0, 0);
const NO_ACTIVE = { id: null, lastStatus: undefined, firstPrompt: undefined };

function idAt(date: Date, tail = 'abcdef12'): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${tail}`;
}

describe('session entries', () => {
  it('reads the creation time from the id, in UTC', () => {
    expect(sessionStart('20250615-093005-abcdef12')?.toISOString()).toBe('2025-06-15T09:30:05.000Z');
    expect(sessionStart('not-a-stamp')).toBeNull();
  });

  it('groups by the person’s day: today, yesterday, earlier', () => {
    expect(dayGroup(new Date(2025, 5, 15, 0, 1), NOW)).toBe('Today');
    expect(dayGroup(new Date(2025, 5, 14, 23, 59), NOW)).toBe('Yesterday');
    expect(dayGroup(new Date(2025, 5, 14, 0, 0), NOW)).toBe('Yesterday');
    expect(dayGroup(new Date(2025, 5, 13, 23, 59), NOW)).toBe('Earlier');
  });

  it('keeps the core’s order and merges consecutive entries of one day', () => {
    const entries = sessionEntries(
      [
        sessionSummary({ id: idAt(new Date(2025, 5, 15, 11)), title: 'b' }),
        sessionSummary({ id: idAt(new Date(2025, 5, 15, 9)), title: 'a' }),
        sessionSummary({ id: idAt(new Date(2025, 5, 14, 9)), title: 'y' }),
        sessionSummary({ id: idAt(new Date(2025, 0, 2, 9)), title: 'old' }),
      ],
      NO_ACTIVE,
      NOW,
    );
    expect(groupEntries(entries).map(({ group, entries: members }) => [group, members.map((entry) => entry.title)])).toEqual([
      ['Today', ['b', 'a']],
      ['Yesterday', ['y']],
      ['Earlier', ['old']],
    ]);
    expect(entries[0]?.when).toBe(new Date(2025, 5, 15, 11).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }));
    expect(entries[3]?.when).toBe(new Date(2025, 0, 2, 9).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }));
  });

  it('never names an entry “New session”: the button has that name', () => {
    const [entry] = sessionEntries([sessionSummary({ title: 'New session', lastStatus: undefined })], NO_ACTIVE, NOW);
    expect(entry?.title).toBe(UNTITLED);
    expect(entry?.status).toBe('empty');
  });

  it('takes the active session’s status and title from the live view', () => {
    const summary = sessionSummary({ title: 'New session', lastStatus: undefined });
    const [entry] = sessionEntries([summary], { id: summary.id, lastStatus: 'streaming', firstPrompt: '/sim words=9\n\nHow do locks work?' }, NOW);
    expect(entry).toMatchObject({ title: 'How do locks work?', status: 'streaming', statusLabel: 'Streaming', active: true });
  });

  it('calls a journal that was not opened yet Saved, and a streaming one Streaming', () => {
    const entries = sessionEntries(
      [
        sessionSummary({ id: 'a', live: false, lastStatus: undefined, active: false }),
        sessionSummary({ id: 'b', streaming: true, lastStatus: 'completed', active: false }),
      ],
      NO_ACTIVE,
      NOW,
    );
    expect(entries.map((entry) => [entry.status, entry.statusLabel, entry.when])).toEqual([
      ['past', 'Saved', ''],
      ['streaming', 'Streaming', ''],
    ]);
  });

  it('titles a prompt like the core does: first real line, shortened', () => {
    expect(titleFromPrompt('/sim words=3\n  Hello there  \nmore')).toBe('Hello there');
    expect(titleFromPrompt('x'.repeat(100))).toBe(`${'x'.repeat(80)}…`);
  });
});
