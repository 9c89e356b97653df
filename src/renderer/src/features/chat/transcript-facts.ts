/**
 * What a transcript row needs to know beyond its own message: its turn, whether it ends the
 * turn's answer, whether it continues a cut-off answer, and which row offers Continue / Retry.
 *
 * Invariants:
 * - Each fact about row `i` is found by looking at its neighbours within its own turn (a turn's
 *   messages are contiguous), never by scanning the whole conversation: a long session costs
 *   the same per frame as a short one.
 * - Facts are primitives or objects already held by the view (a `Turn`), so a memoized row
 *   re-renders only when one of them really changes.
 * - Continue / Retry are offered for the session's last turn only, when it was interrupted or
 *   failed: on its last assistant message, or on its prompt when no answer began. Once a later
 *   turn exists (a continuation, a retry, a new prompt) the offer is gone.
 */

import type { ConversationMessage, Turn, UserMessage } from '../../../../shared/session-view';

/** How a person's message reads: as typed, sent again, or Sluice's request to carry on. */
export type PromptKind = 'typed' | 'retry' | 'continue' | 'continue-retry';

export function isRecoverable(turn: Turn | undefined): turn is Turn & { status: 'interrupted' | 'failed' } {
  return turn?.status === 'interrupted' || turn?.status === 'failed';
}

/** The index of the row that offers Continue / Retry for `lastTurn`, or -1. */
export function recoveryHostIndex(messages: readonly ConversationMessage[], lastTurn: Turn | undefined): number {
  if (!isRecoverable(lastTurn)) return -1;
  let fallback = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as ConversationMessage;
    if (message.turnId !== lastTurn.id) break;
    if (message.role === 'assistant') return i;
    if (fallback === -1) fallback = i;
  }
  return fallback;
}

/** True for an assistant message that no later assistant message of the same turn follows. */
export function endsTurnAnswer(messages: readonly ConversationMessage[], index: number): boolean {
  const message = messages[index];
  if (message?.role !== 'assistant') return false;
  for (let i = index + 1; i < messages.length; i++) {
    const next = messages[i] as ConversationMessage;
    if (next.turnId !== message.turnId) return true;
    if (next.role === 'assistant') return false;
  }
  return true;
}

/**
 * A retry of a continuation is still a continuation (its text is Sluice's request, not the
 * person's prompt), so the chain of retries is followed back to the message it repeats.
 */
export function promptKind(messages: readonly ConversationMessage[], index: number): PromptKind {
  const message = messages[index];
  if (message?.role !== 'user' || message.intent === undefined) return 'typed';
  if (message.intent.kind === 'continue') return 'continue';
  let original: UserMessage | undefined = message;
  let at = index;
  while (original?.intent?.kind === 'retry') {
    const of: string = original.intent.of;
    const found = findPrompt(messages, of, at);
    if (found === -1) return 'retry';
    at = found;
    original = messages[found] as UserMessage;
  }
  return original?.intent?.kind === 'continue' ? 'continue-retry' : 'retry';
}

/** The prompt of turn `turnId`, searched backwards from `before`. */
function findPrompt(messages: readonly ConversationMessage[], turnId: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) {
    const message = messages[i] as ConversationMessage;
    if (message.role === 'user' && message.turnId === turnId) return i;
  }
  return -1;
}

/** An assistant message right after a continuation divider: shown joined to the partial answer. */
export function continuesAnswer(messages: readonly ConversationMessage[], index: number): boolean {
  if (messages[index]?.role !== 'assistant' || index === 0) return false;
  const kind = promptKind(messages, index - 1);
  return kind === 'continue' || kind === 'continue-retry';
}
