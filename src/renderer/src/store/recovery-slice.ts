/**
 * Getting a turn back on its feet, and answering the agent's questions: Continue and Retry after
 * an interrupted or failed answer, and Allow / Deny for a tool approval.
 *
 * Invariants:
 * - Continue and Retry start a turn, so they obey the same gate as Send (`selectCanStartTurn`)
 *   and share its `sending` flag: a double click, or a click and an Enter, start one turn.
 *   Their failures land in `sendError`, shown where a failed send is shown.
 * - An approval is answered at most once from here: while one answer is in flight the others
 *   wait (`answeringApproval`). The card itself leaves only when the core closes the request
 *   (`approval-closed`), whether the person answered it or the agent withdrew it.
 * - A deny message is trimmed; a blank one is not sent (the core then tells the agent the person
 *   denied the tool use).
 */

import type { StateCreator } from 'zustand';
import type { ApprovalAnswer, SluiceApi } from '../../../shared/protocol';
import type { AppState } from './app-store';
import type { FrameContribution } from './frame-commit';
import { describeFailure, type SendFailure } from './composer-slice';
import { selectCanStartTurn } from './selectors';

export interface ApprovalFailure extends SendFailure {
  requestId: string;
}

export interface RecoverySlice {
  /** The request id whose answer is on its way to the core, if any. */
  answeringApproval: string | null;
  /** The last answer that did not reach the agent, shown on its card. */
  approvalError: ApprovalFailure | null;
  /** Asks the agent to carry on where the turn's answer stopped; true when a turn started. */
  continueTurn(turnId: string): Promise<boolean>;
  /** Sends the turn's prompt again; true when a turn started. */
  retryTurn(turnId: string): Promise<boolean>;
  /** Answers a tool approval; true when the core passed the answer to the agent. */
  answerApproval(answer: ApprovalAnswer): Promise<boolean>;
}

export interface RecoverySliceDeps {
  api: Pick<SluiceApi, 'continueTurn' | 'retryTurn' | 'approve'>;
}

export const APPROVAL_GONE_MESSAGE = 'This request was already answered or withdrawn by the agent.';

/** The recovery slice's part of each frame commit: an approval under way belonged to the session left. */
export const recoveryContribution: FrameContribution<AppState> = {
  frame: (shown) => (shown.switched ? { answeringApproval: null, approvalError: null } : {}),
};

export function createRecoverySlice(deps: RecoverySliceDeps): StateCreator<AppState, [], [], RecoverySlice> {
  return (set, get) => {
    async function startTurn(request: () => Promise<unknown>): Promise<boolean> {
      if (!selectCanStartTurn(get())) return false;
      set({ sending: true, sendError: null });
      try {
        await request();
        set({ sending: false });
        return true;
      } catch (error) {
        set({ sending: false, sendError: describeFailure(error) });
        return false;
      }
    }

    return {
      answeringApproval: null,
      approvalError: null,
      continueTurn: (turnId) => startTurn(() => deps.api.continueTurn({ turnId })),
      retryTurn: (turnId) => startTurn(() => deps.api.retryTurn({ turnId })),
      async answerApproval({ requestId, behavior, message }) {
        if (get().answeringApproval !== null) return false;
        const answer: ApprovalAnswer = { requestId, behavior };
        const trimmed = message?.trim() ?? '';
        if (behavior === 'deny' && trimmed !== '') answer.message = trimmed;
        set({ answeringApproval: requestId, approvalError: null });
        try {
          const { accepted } = await deps.api.approve(answer);
          set({
            answeringApproval: null,
            approvalError: accepted ? null : { requestId, code: 'approval-closed', message: APPROVAL_GONE_MESSAGE },
          });
          return accepted;
        } catch (error) {
          set({ answeringApproval: null, approvalError: { requestId, ...describeFailure(error) } });
          return false;
        }
      },
    };
  };
}
