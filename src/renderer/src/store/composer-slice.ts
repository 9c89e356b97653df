/**
 * The message being written, and the fate of the last one sent.
 *
 * Invariants:
 * - The draft is sent exactly as typed (whitespace kept); only a blank draft is refused.
 * - One send at a time, and only when `selectCanSend` allows it (connected, agent ready, no
 *   turn streaming): a double Enter cannot send twice.
 * - The draft is cleared as soon as it is handed over; if the core refuses it, the text comes
 *   back into the composer (unless the person already started a new one) with the error shown.
 * - With the simulator answering and its knobs set, the prompt goes out with the directive line
 *   first (sim-slice.ts); the draft the person sees and gets back stays exactly as typed.
 */

import type { StateCreator } from 'zustand';
import type { SluiceApi } from '../../../shared/protocol';
import type { AppState } from './app-store';
import { selectCanSend, selectCanStartTurn } from './selectors';
import { selectSimDirective, withDirective } from './sim-slice';

export interface SendFailure {
  code: string;
  message: string;
}

export interface ComposerSlice {
  draft: string;
  sending: boolean;
  sendError: SendFailure | null;
  setDraft(draft: string): void;
  /** Sends the draft when allowed; resolves true when the core accepted it. */
  sendDraft(): Promise<boolean>;
  /** Sends `text` (not the draft, which is left alone) when a turn may start. */
  sendPrompt(text: string): Promise<boolean>;
  dismissSendError(): void;
}

export interface ComposerSliceDeps {
  api: Pick<SluiceApi, 'send'>;
}

export function createComposerSlice(deps: ComposerSliceDeps): StateCreator<AppState, [], [], ComposerSlice> {
  return (set, get) => ({
    draft: '',
    sending: false,
    sendError: null,
    setDraft(draft) {
      set({ draft });
    },
    async sendDraft() {
      const state = get();
      if (!selectCanSend(state)) return false;
      const draft = state.draft;
      set({ draft: '', sending: true, sendError: null });
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
    dismissSendError() {
      set({ sendError: null });
    },
  });
}

/** A refusal or a dropped connection, as the composer's error line shows it. */
export function describeFailure(error: unknown): SendFailure {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'send-failed', message: error.message };
  }
  return { code: 'send-failed', message: String(error) };
}
