/**
 * The person's sessions, as the sidebar lists them, and switching between them.
 *
 * Invariants:
 * - The list comes from the core only: a `listSessions()` reply or a `sessions` event. The view
 *   never invents an entry; which session is active it also learns from each snapshot (a view is
 *   always bound to the active session, so the snapshot's session IS the active one).
 * - Newer beats older: a `sessions` event, or a later list request, makes every list reply still
 *   on its way stale, and a stale reply is dropped (`SessionListSync`). A reply that is applied
 *   supersedes an event still waiting for its frame.
 * - `sessions` events are committed with the frame commit (session-slice.ts), together with the
 *   snapshot of the newly active session that comes beside them: the sidebar's highlight and the
 *   transcript switch in the same commit.
 * - One switch at a time (`sessionSwitch`): a double click opens once. A refused switch shows
 *   its error in the sidebar and changes nothing else.
 * - Switching never touches the composer's draft: it is the person's text, not the session's.
 * - Refreshing is cheap and silent: a failed refresh keeps the list it had.
 * - A new session starts two ways: `newSession` at once with the host's defaults (the shortcut),
 *   or `startSession` from the New session dialog with settings. A refusal of the dialog's
 *   settings keeps the dialog open and says which field it is about (`SettingsFailure.field`,
 *   from the label its message starts with); it never lands in the sidebar.
 * - Live settings changes go one at a time (`settingsChanging`); what changed arrives with the
 *   session's patches, never from the reply, so the header shows what the agent confirmed.
 */

import type { StateCreator } from 'zustand';
import { SETTING_LABELS, type SessionSettings, type SessionSummary, type SettingField, type SettingsChange, type SluiceApi, type ViewEvent } from '../../../shared/protocol';
import type { AppState } from './app-store';
import type { FrameContribution } from './frame-commit';
import { describeFailure, type SendFailure } from './composer-slice';

type SessionsEvent = Extract<ViewEvent, { kind: 'sessions' }>;

export interface SessionList {
  sessions: readonly SessionSummary[];
  activeId: string;
}

/** The sessions slice's part of each frame commit: the list that waited, and the shown session as active. */
export function sessionListContribution(sync: SessionListSync): FrameContribution<AppState> {
  return {
    frame(shown, state) {
      const update: Partial<AppState> = {};
      const listed = sync.takePending();
      if (listed !== null) {
        update.sessions = listed.sessions;
        update.activeSessionId = listed.activeId;
      }
      // A view is bound to the active session: the session a snapshot shows is the active one.
      if (shown.sessionId !== null && shown.sessionId !== (update.activeSessionId ?? state.activeSessionId)) update.activeSessionId = shown.sessionId;
      return update;
    },
  };
}

/** Orders list updates: events and replies, newest wins. Shared by the session slice. */
export class SessionListSync {
  private version = 0;
  private pending: SessionList | null = null;

  /** A `sessions` event: held for the next frame commit, and newer than any reply on its way. */
  onEvent(event: SessionsEvent): void {
    this.version += 1;
    this.pending = { sessions: event.sessions, activeId: event.activeId };
  }

  /** The event list waiting for the frame commit, once. */
  takePending(): SessionList | null {
    const pending = this.pending;
    this.pending = null;
    return pending;
  }

  /** A list request starts; its reply counts only if nothing newer happened meanwhile. */
  begin(): number {
    this.version += 1;
    return this.version;
  }

  /** Whether the reply to request `ticket` is still the newest word; if so it settles the list. */
  settle(ticket: number): boolean {
    if (ticket !== this.version) return false;
    this.pending = null;
    return true;
  }
}

export interface SessionsSlice {
  /** Newest first, as the core lists them. */
  sessions: readonly SessionSummary[];
  /** The session the views show; null before the first snapshot or list. */
  activeSessionId: string | null;
  /** The id being opened, `new` while a session is being created, else null. */
  sessionSwitch: string | null;
  /** The last open or new that the core refused. */
  sessionsError: SendFailure | null;
  /** Wide windows: the sidebar is shown (the person can fold it away). */
  sidebarOpen: boolean;
  /** Narrow windows: the sidebar is drawn over the transcript. */
  sidebarDrawerOpen: boolean;
  /** Asks the core for the list again. */
  refreshSessions(): Promise<void>;
  /** Shows another session (a past one is restored by the core); true when the core switched. */
  openSession(id: string): Promise<boolean>;
  /** Starts a new session and shows it; true when the core switched. */
  newSession(): Promise<boolean>;
  dismissSessionsError(): void;
  setSidebarOpen(open: boolean): void;
  setSidebarDrawerOpen(open: boolean): void;
  /** The New session dialog is open. */
  newSessionDialogOpen: boolean;
  /** What main (or the folder picker) refused in the dialog; shown beside its field. */
  newSessionError: SettingsFailure | null;
  openNewSessionDialog(): void;
  closeNewSessionDialog(): void;
  /** Starts a session with the dialog's settings; true (and the dialog closes) when the core switched. */
  startSession(settings: SessionSettings): Promise<boolean>;
  /** The host's folder picker; null when cancelled or refused (the refusal shows by the field). */
  pickFolder(): Promise<string | null>;
  /** A live change of the active session's model or mode is on its way. */
  settingsChanging: boolean;
  settingsError: SettingsFailure | null;
  /** Asks the active session's agent to switch model and/or mode; true when it agreed. */
  changeSettings(change: SettingsChange): Promise<boolean>;
  dismissSettingsError(): void;
}

/** A refused setting; `field` is the one its message names, null for anything else. */
export interface SettingsFailure extends SendFailure {
  field: SettingField | null;
}

export interface SessionsSliceDeps {
  api: Pick<SluiceApi, 'listSessions' | 'openSession' | 'newSession' | 'changeSettings' | 'pickFolder'>;
  sync: SessionListSync;
}

export const NEW_SESSION_SWITCH = 'new';

export function createSessionsSlice(deps: SessionsSliceDeps): StateCreator<AppState, [], [], SessionsSlice> {
  return (set, get) => {
    async function switchTo(target: string, request: () => Promise<unknown>): Promise<boolean> {
      if (get().sessionSwitch !== null) return false;
      set({ sessionSwitch: target, sessionsError: null });
      try {
        await request();
        set({ sessionSwitch: null });
        return true;
      } catch (error) {
        set({ sessionSwitch: null, sessionsError: describeFailure(error) });
        return false;
      }
    }

    return {
      sessions: [],
      activeSessionId: null,
      sessionSwitch: null,
      sessionsError: null,
      sidebarOpen: true,
      sidebarDrawerOpen: false,
      newSessionDialogOpen: false,
      newSessionError: null,
      settingsChanging: false,
      settingsError: null,
      async refreshSessions() {
        const ticket = deps.sync.begin();
        try {
          const { sessions, activeId } = await deps.api.listSessions();
          if (deps.sync.settle(ticket)) set({ sessions, activeSessionId: activeId });
        } catch {
          // Disconnected or refused: the list on screen stays; the next connection asks again.
        }
      },
      openSession(id) {
        if (id === get().activeSessionId) return Promise.resolve(false);
        return switchTo(id, () => deps.api.openSession({ id }));
      },
      newSession() {
        return switchTo(NEW_SESSION_SWITCH, () => deps.api.newSession({}));
      },
      dismissSessionsError() {
        set({ sessionsError: null });
      },
      setSidebarOpen(open) {
        set({ sidebarOpen: open });
      },
      setSidebarDrawerOpen(open) {
        set({ sidebarDrawerOpen: open });
      },
      openNewSessionDialog() {
        set({ newSessionDialogOpen: true, newSessionError: null });
      },
      closeNewSessionDialog() {
        set({ newSessionDialogOpen: false, newSessionError: null });
      },
      async startSession(settings) {
        if (get().sessionSwitch !== null) return false;
        set({ sessionSwitch: NEW_SESSION_SWITCH, newSessionError: null });
        try {
          await deps.api.newSession(settings);
          set({ sessionSwitch: null, newSessionDialogOpen: false });
          return true;
        } catch (error) {
          set({ sessionSwitch: null, newSessionError: settingsFailure(error) });
          return false;
        }
      },
      async pickFolder() {
        try {
          return (await deps.api.pickFolder()).path;
        } catch (error) {
          set({ newSessionError: { ...describeFailure(error), field: 'cwd' } });
          return null;
        }
      },
      async changeSettings(change) {
        if (get().settingsChanging) return false;
        set({ settingsChanging: true, settingsError: null });
        try {
          await deps.api.changeSettings(change);
          set({ settingsChanging: false });
          return true;
        } catch (error) {
          set({ settingsChanging: false, settingsError: settingsFailure(error) });
          return false;
        }
      },
      dismissSettingsError() {
        set({ settingsError: null });
      },
    };
  };
}

/** A refusal, tied to the setting whose label its message starts with (see protocol.ts). */
export function settingsFailure(error: unknown): SettingsFailure {
  const failure = describeFailure(error);
  const field = (Object.keys(SETTING_LABELS) as SettingField[]).find((key) => failure.message.startsWith(`${SETTING_LABELS[key]}: `)) ?? null;
  return { ...failure, field };
}

/** What changes the list's status for the active session: its last turn's id and status. */
export function lastTurnKey(turns: readonly { id: string; status: string }[] | undefined): string {
  const last = turns?.[turns.length - 1];
  return last === undefined ? '' : `${last.id}:${last.status}`;
}
