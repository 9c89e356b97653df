/**
 * The message being written, and the fate of the last one sent.
 *
 * Invariants:
 * - The draft is sent exactly as typed (whitespace kept); only a blank draft is refused.
 * - One send at a time, and only when `selectCanSend` allows it (connected, agent ready, no
 *   turn streaming): a double Enter cannot send twice.
 * - A draft sent while the agent starts is held (`sendWhenReady`: for that session) and goes, as
 *   it then reads, the moment that agent is ready; it is dropped (the draft kept) if the agent
 *   exits, the connection drops or another session is opened first, or when the draft is
 *   emptied or the person cancels.
 *   `followAgentForQueuedSend` applies that rule to each new state (app-store.ts calls it).
 * - The draft is cleared as soon as it is handed over; if the core refuses it, the text comes
 *   back into the composer (unless the person already started a new one) with the error shown.
 * - With the simulator answering and its knobs set, the prompt goes out with the directive line
 *   first (sim-slice.ts); the draft the person sees and gets back stays exactly as typed.
 */

import type { StateCreator } from 'zustand';
import type { SluiceApi } from '../../../shared/protocol';
import type { AppState } from './app-store';
import type { FrameContribution } from './frame-commit';
import { selectCanQueueSend, selectCanSend, selectCanStartTurn, selectStreamingState } from './selectors';
import { selectSimDirective, withDirective } from './sim-slice';

export interface SendFailure {
  code: string;
  message: string;
}

export interface ComposerSlice {
  draft: string;
  sending: boolean;
  sendError: SendFailure | null;
  /** The session whose starting agent the draft waits for, to go as soon as it is ready. */
  sendWhenReady: string | null;
  setDraft(draft: string): void;
  /**
   * Sends the draft when allowed, or holds it while the agent starts; resolves true when the
   * core accepted it (false when refused or held).
   */
  sendDraft(): Promise<boolean>;
  cancelSendWhenReady(): void;
  /** Sends `text` (not the draft, which is left alone) when a turn may start. */
  sendPrompt(text: string): Promise<boolean>;
  dismissSendError(): void;
}

/** The composer's part of each frame commit: the last send's error belonged to the session left. */
export const composerContribution: FrameContribution<AppState> = {
  frame: (shown) => (shown.switched ? { sendError: null } : {}),
};

export interface ComposerSliceDeps {
  api: Pick<SluiceApi, 'send'>;
}

export function createComposerSlice(deps: ComposerSliceDeps): StateCreator<AppState, [], [], ComposerSlice> {
  return (set, get) => ({
    draft: '',
    sending: false,
    sendError: null,
    sendWhenReady: null,
    setDraft(draft) {
      set(draft.trim() === '' ? { draft, sendWhenReady: null } : { draft });
    },
    async sendDraft() {
      const state = get();
      if (!selectCanSend(state)) {
        if (selectCanQueueSend(state)) set({ sendWhenReady: state.session?.id ?? null, sendError: null });
        return false;
      }
      const draft = state.draft;
      set({ draft: '', sending: true, sendError: null, sendWhenReady: null });
      try {
        await deps.api.send({ text: withDirective(selectSimDirective(state), draft) });
        set({ sending: false });
        return true;
      } catch (error) {
        set((current) => ({
          sending: false,
          draft: current.draft === '' ? draft : current.draft,
          sendError: describeFailure(error),
        }));
        return false;
      }
    },
    async sendPrompt(text) {
      if (!selectCanStartTurn(get()) || text.trim() === '') return false;
      set({ sending: true, sendError: null });
      try {
        await deps.api.send({ text });
        set({ sending: false });
        return true;
      } catch (error) {
        set({ sending: false, sendError: describeFailure(error) });
        return false;
      }
    },
    cancelSendWhenReady() {
      set({ sendWhenReady: null });
    },
    dismissSendError() {
      set({ sendError: null });
    },
  });
}

/** Sends a held draft once the agent is ready; drops the hold if the agent will not be. */
export function followAgentForQueuedSend(state: AppState): void {
  if (state.sendWhenReady === null) return;
  const streamingState = selectStreamingState(state);
  if (state.session?.id !== state.sendWhenReady || (streamingState !== 'ready' && streamingState !== 'starting')) state.cancelSendWhenReady();
  else if (streamingState === 'ready') void state.sendDraft();
}

/** A refusal or a dropped connection, as the composer's error line shows it. */
export function describeFailure(error: unknown): SendFailure {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'send-failed', message: error.message };
  }
  return { code: 'send-failed', message: String(error) };
}
