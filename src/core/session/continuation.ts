/**
 * What Sluice writes to the agent when the person asks to continue an answer that was cut off.
 *
 * Invariant: the request carries the tail of the partial answer itself, because after a crash or
 * a restart the agent's own transcript may not contain it (the CLI's `--resume` history ends at
 * the last completed turn); after a cooperative interrupt it is merely redundant.
 */

import type { AssistantMessage, SessionView } from '../../shared/session-view';

/** How much of the partial answer is quoted back: enough to find the place, not the whole reply. */
export const QUOTED_TAIL_CHARS = 600;

/** The text the given turn's assistant messages had received, in order. */
export function partialAnswer(view: SessionView, turnId: string): string {
  return view.messages
    .filter((message): message is AssistantMessage => message.role === 'assistant' && message.turnId === turnId)
    .flatMap((message) => message.blocks.filter((block) => block.kind === 'text').map((block) => block.text))
    .join('');
}

export function continuationPrompt(partial: string): string {
  if (partial.trim() === '') return 'Your previous answer was interrupted before it began. Please answer my previous message again.';
  const tail = partial.length > QUOTED_TAIL_CHARS ? `…${partial.slice(-QUOTED_TAIL_CHARS)}` : partial;
  return [
    'Your previous answer was interrupted. Continue it exactly where it stopped: do not repeat anything, do not start over.',
    'It ended with:',
    '<partial-answer>',
    tail,
    '</partial-answer>',
  ].join('\n');
}
