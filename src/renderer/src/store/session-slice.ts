/**
 * The session as the core last described it, and the state of the pipe it came through.
 *
 * Invariants:
 * - `session` only ever changes through `receive`: a snapshot replaces it, patches are applied
 *   with the shared `applyPatches` (the same function the core uses, so both copies agree).
 * - Incoming events never commit on their own: they are folded into an uncommitted copy and
 *   the store commits once per animation frame (see frame-commit.ts). Between commits the
 *   queue holds at most `MAX_QUEUED_PATCHES` patches; past that they are applied to the
 *   uncommitted copy at once, so a hidden window under a firehose holds one view, not a backlog.
 * - Queued patches are coalesced (`coalescePatches`) before they are applied: adjacent text
 *   appends become one string concatenation and one copy of the message, with identical text.
 * - Patches for another session (or before any snapshot) are ignored: the snapshot that comes
 *   with every (re)connection is the only way in.
 */

import type { StateCreator } from 'zustand';
import type { Hello, ViewEvent } from '../../../shared/protocol';
import { applyPatches, coalescePatches, type SessionPatch, type SessionView } from '../../../shared/session-view';
import type { ConnectionState } from '../api';
import type { AppState } from './app-store';
import { createFrameCommit, type FrameScheduler } from './frame-commit';

export const MAX_QUEUED_PATCHES = 4_096;

export interface SessionSlice {
  session: SessionView | null;
  connection: ConnectionState;
  hello: Hello | null;
  /** Takes one event from the core; the view updates on the next frame. */
  receive(event: ViewEvent): void;
  /** Commits received events now instead of on the next frame. */
  flushEvents(): void;
  setConnection(connection: ConnectionState): void;
  setHello(hello: Hello): void;
}

export interface SessionSliceDeps {
  scheduler?: FrameScheduler;
}

export function createSessionSlice(deps: SessionSliceDeps): StateCreator<AppState, [], [], SessionSlice> {
  return (set) => {
    // Uncommitted state lives outside the store on purpose: writing it there would be a commit.
    let working: SessionView | null = null;
    let queued: SessionPatch[] = [];
    let dirty = false;

    function fold(): void {
      if (working !== null && queued.length > 0) working = applyPatches(working, coalescePatches(queued));
      queued = [];
    }

    const frame = createFrameCommit(() => {
      fold();
      if (!dirty) return;
      dirty = false;
      set({ session: working });
    }, deps.scheduler);

    return {
      session: null,
      connection: 'connecting',
      hello: null,
      receive(event) {
        if (event.kind === 'snapshot') {
          working = event.session;
          queued = [];
        } else {
          if (working === null || event.sessionId !== working.id || event.patches.length === 0) return;
          for (const patch of event.patches) queued.push(patch);
          if (queued.length >= MAX_QUEUED_PATCHES) fold();
        }
        dirty = true;
        frame.request();
      },
      flushEvents() {
        frame.flush();
      },
      setConnection(connection) {
        set({ connection });
      },
      setHello(hello) {
        set({ hello });
      },
    };
  };
}
