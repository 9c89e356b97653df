/**
 * The session as the core last described it, the state of the pipe it came through, and the
 * credits that pace that pipe.
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
 * - Credits follow commits, never receipt: after a commit that applied batch N (the highest
 *   applied), the view calls `credit({ channel, batch: N })` once, on the channel its snapshot
 *   named. So the core can run at most CREDIT_WINDOW batches ahead of what is on screen, and a
 *   view that stops committing (or `slowView`) stops the agent instead of piling up data.
 * - `slowView` withholds credits (a frozen view, on purpose); turning it off grants the pending
 *   credit at once. Commits go on meanwhile: it is the core that must slow down.
 * - A batch with no patches still counts: its number is credited like any other.
 * - Metrics events feed the flow tracker; their summary is committed in the same frame commit,
 *   so the dashboard too updates at most once per frame.
 * - The frame commit writes this slice's fields and, in the same `set`, what the other slices'
 *   contributions (`FrameContribution`) decide for theirs: this slice never decides another's
 *   field.
 * - A snapshot of ANOTHER session (a switch, or a core that restarted) replaces the view whole:
 *   flow and loss accounting start over (flow-tracker.ts), the last send's error and approval
 *   state go, the draft stays. A snapshot of the same session (a reconnection) keeps them.
 * - `sessions` events (sessions-slice.ts) wait for the frame commit like everything else, so a
 *   switch's snapshot and list land in one commit; every snapshot also names the active session.
 *   When the active session's last turn starts or ends, the list is asked for again (its
 *   entry's status changed).
 */

import type { StateCreator } from 'zustand';
import type { CreditRequest, Hello, SluiceApi, ViewEvent } from '../../../shared/protocol';
import { applyPatches, coalescePatches, type SessionPatch, type SessionView } from '../../../shared/session-view';
import type { ConnectionState } from '../api';
import type { AppState } from './app-store';
import type { FlowTracker } from './flow/flow-tracker';
import { createFrameCommit, type FrameContribution, type FrameScheduler } from './frame-commit';
import { lastTurnKey, type SessionListSync } from './sessions-slice';

export const MAX_QUEUED_PATCHES = 4_096;

export interface SessionSlice {
  session: SessionView | null;
  connection: ConnectionState;
  hello: Hello | null;
  /** Withhold credits, as a view that froze would: the core must slow the agent down. */
  slowView: boolean;
  /** Takes one event from the core; the view updates on the next frame. */
  receive(event: ViewEvent): void;
  setConnection(connection: ConnectionState): void;
  setHello(hello: Hello): void;
  setSlowView(slowView: boolean): void;
}

export interface SessionSliceDeps {
  api: Pick<SluiceApi, 'credit'>;
  tracker: FlowTracker;
  sync: SessionListSync;
  /** The other slices' parts of each frame commit (their fields, decided by them). */
  contributions: readonly FrameContribution<AppState>[];
  scheduler?: FrameScheduler;
}

export function createSessionSlice(deps: SessionSliceDeps): StateCreator<AppState, [], [], SessionSlice> {
  return (set, get) => {
    // Uncommitted state lives outside the store on purpose: writing it there would be a commit.
    let working: SessionView | null = null;
    let queued: SessionPatch[] = [];
    let dirty = false;
    // A snapshot of another session arrived since the last commit.
    let switched = false;
    // Flow control, per delivery channel (a new snapshot opens a new one).
    let channel: number | null = null;
    let receivedBatch = -1;
    let committedBatch = -1;
    let creditedBatch = -1;

    function fold(): void {
      if (working !== null && queued.length > 0) working = applyPatches(working, coalescePatches(queued));
      queued = [];
    }

    function grantCredit(): void {
      if (channel === null || get().slowView || committedBatch <= creditedBatch) return;
      const request: CreditRequest = { channel, batch: committedBatch };
      creditedBatch = committedBatch;
      deps.api.credit(request).catch(() => {
        // Disconnected (the next snapshot opens a new channel) or refused: allow this credit to
        // be sent again with the next commit rather than leave the core waiting for it forever.
        if (channel === request.channel && creditedBatch === request.batch) creditedBatch = request.batch - 1;
      });
    }

    const frame = createFrameCommit(() => {
      fold();
      const state = get();
      const before = state.session;
      const update: Partial<AppState> = dirty ? { session: working } : {};
      const shown = { sessionId: dirty && working !== null ? working.id : null, switched };
      for (const contribution of deps.contributions) Object.assign(update, contribution.frame(shown, state));
      switched = false;
      dirty = false;
      if (Object.keys(update).length > 0) set(update);
      committedBatch = receivedBatch;
      grantCredit();
      const after = get().session;
      if (before !== null && after !== null && before.id === after.id && lastTurnKey(before.turns) !== lastTurnKey(after.turns)) {
        void get().refreshSessions();
      }
    }, deps.scheduler);

    return {
      session: null,
      connection: 'connecting',
      hello: null,
      slowView: false,
      receive(event) {
        switch (event.kind) {
          case 'snapshot':
            if (working === null || working.id !== event.session.id) switched = true;
            working = event.session;
            queued = [];
            dirty = true;
            channel = event.channel;
            receivedBatch = event.batch;
            committedBatch = -1;
            creditedBatch = -1;
            deps.tracker.onSnapshot(event.session.id, event.lines);
            break;
          case 'patches':
            if (working === null || event.sessionId !== working.id) return;
            deps.tracker.onPatches(event.lines, event.agentStamps);
            receivedBatch = Math.max(receivedBatch, event.batch);
            if (event.patches.length > 0) {
              for (const patch of event.patches) queued.push(patch);
              if (queued.length >= MAX_QUEUED_PATCHES) fold();
              dirty = true;
            }
            break;
          case 'metrics':
            if (working === null || event.sessionId !== working.id) return;
            deps.tracker.onMetrics(event.sample);
            break;
          case 'sessions':
            // Held for this frame; the sessions slice's contribution commits it.
            deps.sync.onEvent(event);
            break;
        }
        frame.request();
      },
      setConnection(connection) {
        // The channel dies with the connection; credits wait for the next snapshot's channel.
        if (connection === 'closed') channel = null;
        set({ connection });
      },
      setHello(hello) {
        set({ hello });
      },
      setSlowView(slowView) {
        if (slowView === get().slowView) return;
        set({ slowView });
        if (!slowView) grantCredit();
      },
    };
  };
}
