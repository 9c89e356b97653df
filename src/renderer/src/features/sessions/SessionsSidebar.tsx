/**
 * The sessions sidebar: a `New session` button, then every session newest first, grouped by day,
 * each a button that shows it.
 *
 * Invariants:
 * - A `<nav>` named `Sessions`; each entry is a button whose accessible name is the session's
 *   title (the status and time are its description); the session on screen is marked
 *   `aria-current="page"`. The first button's name is exactly `New session`.
 * - `New session` opens the New session dialog (folder, model, permission mode). Keyboard: the
 *   list is one Tab stop (the current session, roving tabindex); Up/Down, Home and End move
 *   between entries, Enter or Space opens one. Ctrl/⌘+N or Alt+N (new-session-shortcut.ts) starts
 *   a new session with the defaults from anywhere; with Shift it opens the dialog.
 * - Wide windows show it as a left column the `Sessions` button folds away; below 900 px it is a
 *   drawer over the transcript: opening it puts focus on the current session; it closes on a
 *   choice, on Escape (which then interrupts nothing, and focus goes back to the toggle) or on
 *   a click beside it.
 * - It reads the list, the active id, the switch in flight and two primitives of the live view
 *   (the last turn's status, the first prompt): a streaming frame does not re-render it.
 * - While another session streams in the background, the list is asked for every
 *   `BACKGROUND_REFRESH_MS` so its dot goes out when it finishes; never while nothing streams.
 */

import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { AppState } from '../../store/app-store';
import { NEW_SESSION_SWITCH } from '../../store/sessions-slice';
import { useAppStore, useStoreApi } from '../../store/store-context';
import { newSessionDialogKeys, newSessionKeys } from './new-session-shortcut';
import { groupEntries, sessionEntries, type SessionEntry } from './session-entries';
import { useNarrowWindow } from './use-narrow-window';

export const SIDEBAR_ID = 'sessions-sidebar';
export const TOGGLE_ID = 'sessions-toggle';
export const BACKGROUND_REFRESH_MS = 2_000;

function selectActiveLastStatus(state: AppState): AppState['sessions'][number]['lastStatus'] {
  const session = state.session;
  if (session === null || session.id !== state.activeSessionId) return undefined;
  return session.turns[session.turns.length - 1]?.status;
}

function selectFirstPrompt(state: AppState): string | undefined {
  const first = state.session?.messages.find((message) => message.role === 'user');
  return first?.role === 'user' ? first.text : undefined;
}

function selectBackgroundStreaming(state: AppState): boolean {
  return state.sessions.some((summary) => summary.streaming && summary.id !== state.activeSessionId);
}

/** The sidebar where it belongs for the window's width, or nothing while folded away. */
export function SessionsSidebar() {
  const narrow = useNarrowWindow();
  const open = useAppStore((state) => (narrow ? state.sidebarDrawerOpen : state.sidebarOpen));
  const store = useStoreApi();
  if (!open) return null;
  if (!narrow) return <SessionsNav drawer={false} />;
  return (
    <>
      <div className="sessions-backdrop" aria-hidden="true" onClick={() => store.getState().setSidebarDrawerOpen(false)} />
      <SessionsNav drawer />
    </>
  );
}

export function SessionsNav({ drawer }: { drawer: boolean }) {
  const store = useStoreApi();
  const sessions = useAppStore((state) => state.sessions);
  const activeId = useAppStore((state) => state.activeSessionId);
  const activeLastStatus = useAppStore(selectActiveLastStatus);
  const firstPrompt = useAppStore(selectFirstPrompt);
  const switching = useAppStore((state) => state.sessionSwitch);
  const error = useAppStore((state) => state.sessionsError);
  const host = useAppStore((state) => state.hello?.transport);
  const backgroundStreaming = useAppStore(selectBackgroundStreaming);
  const fastKeys = newSessionKeys(host);
  const dialogKeys = newSessionDialogKeys(host);
  const listRef = useRef<HTMLDivElement | null>(null);

  const groups = useMemo(
    () => groupEntries(sessionEntries(sessions, { id: activeId, lastStatus: activeLastStatus, firstPrompt }, new Date())),
    [sessions, activeId, activeLastStatus, firstPrompt],
  );
  const tabStop = groups.flatMap((group) => group.entries).find((entry) => entry.active)?.id ?? groups[0]?.entries[0]?.id;

  useEffect(() => {
    if (!drawer) return;
    const entries = listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-session-id]');
    const current = [...(entries ?? [])].find((button) => button.tabIndex === 0);
    current?.focus();
  }, [drawer]);

  useEffect(() => {
    if (!backgroundStreaming) return;
    const timer = setInterval(() => void store.getState().refreshSessions(), BACKGROUND_REFRESH_MS);
    return () => clearInterval(timer);
  }, [backgroundStreaming, store]);

  function closeDrawer(): void {
    if (drawer) store.getState().setSidebarDrawerOpen(false);
  }

  function startNew(): void {
    closeDrawer();
    store.getState().openNewSessionDialog();
  }

  function open(id: string): void {
    closeDrawer();
    void store.getState().openSession(id);
  }

  function onNavKeyDown(event: KeyboardEvent<HTMLElement>): void {
    if (!drawer || event.key !== 'Escape') return;
    // The drawer's Escape: it must not also interrupt a streaming turn.
    event.preventDefault();
    closeDrawer();
    document.getElementById(TOGGLE_ID)?.focus();
  }

  return (
    <nav id={SIDEBAR_ID} className={drawer ? 'sessions is-drawer' : 'sessions'} aria-label="Sessions" onKeyDown={onNavKeyDown}>
      <div className="sessions-head">
        <button
          type="button"
          className="new-session-button"
          aria-haspopup="dialog"
          aria-keyshortcuts={dialogKeys.aria}
          title={`Choose a folder, model and permission mode for a new session (${dialogKeys.label}), or start one at once with the defaults (${fastKeys.label}); the others keep running`}
          disabled={switching === NEW_SESSION_SWITCH}
          onClick={startNew}
        >
          <PlusIcon />
          <span className="new-session-label">New session</span>
          <kbd aria-hidden="true">{dialogKeys.label}</kbd>
        </button>
      </div>
      {error !== null && (
        <div className="sessions-error" role="alert">
          <span className="sessions-error-message">{error.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => store.getState().dismissSessionsError()}>
            ×
          </button>
        </div>
      )}
      <div className="sessions-list" ref={listRef} onKeyDown={moveFocus}>
        {groups.length === 0 && <p className="sessions-empty">No sessions yet.</p>}
        {groups.map(({ group, entries }, index) => (
          <section key={`${group}-${index}`} className="sessions-group" aria-labelledby={`sessions-group-${index}`}>
            <h2 className="sessions-group-title" id={`sessions-group-${index}`}>
              {group}
            </h2>
            <ul className="sessions-entries">
              {entries.map((entry) => (
                <li key={entry.id}>
                  <SessionButton entry={entry} tabStop={entry.id === tabStop} opening={switching === entry.id} onOpen={open} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </nav>
  );
}

interface SessionButtonProps {
  entry: SessionEntry;
  tabStop: boolean;
  opening: boolean;
  onOpen(id: string): void;
}

function SessionButton({ entry, tabStop, opening, onOpen }: SessionButtonProps) {
  const metaId = `session-meta-${entry.id}`;
  const meta = entry.when === '' ? entry.statusLabel : `${entry.when} · ${entry.statusLabel}`;
  return (
    <button
      type="button"
      className={`session-entry status-${entry.status}${entry.active ? ' is-active' : ''}`}
      data-session-id={entry.id}
      aria-current={entry.active ? 'page' : undefined}
      aria-describedby={metaId}
      aria-busy={opening || undefined}
      tabIndex={tabStop ? 0 : -1}
      title={entry.title}
      onClick={() => onOpen(entry.id)}
    >
      <span className="session-dot" aria-hidden="true" />
      <span className="session-title">{entry.title}</span>
      <span className="session-meta" id={metaId} aria-hidden="true">
        {opening ? 'Opening…' : meta}
      </span>
    </button>
  );
}

/** Up/Down, Home/End between the entries of the list that has focus. */
function moveFocus(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return;
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button[data-session-id]')];
  if (buttons.length === 0) return;
  const current = buttons.findIndex((button) => button === document.activeElement);
  const last = buttons.length - 1;
  const next =
    event.key === 'Home' ? 0 : event.key === 'End' ? last : event.key === 'ArrowDown' ? Math.min(last, current + 1) : Math.max(0, current - 1);
  event.preventDefault();
  buttons[next]?.focus();
}

function PlusIcon() {
  return (
    <svg className="new-session-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
    </svg>
  );
}
