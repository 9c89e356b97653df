import { describe, expect, it } from 'vitest';
import type { AssistantMessage, ConversationMessage, Turn, UserMessage } from '../../../../shared/session-view';
import { continuesAnswer, endsTurnAnswer, promptKind, recoveryHostIndex } from './transcript-facts';

function user(turnId: string, intent?: UserMessage['intent']): UserMessage {
  return { role: 'user', id: `${turnId}:user`, turnId, text: 'prompt', at: 0, ...(intent === undefined ? {} : { intent }) };
}

function answer(turnId: string, n = 0, status: AssistantMessage['status'] = 'complete'): AssistantMessage {
  return { role: 'assistant', id: `msg-${turnId}-${n}`, turnId, blocks: [], status, at: 0 };
}

function turn(id: string, status: Turn['status']): Turn {
  return { id, status, startedAt: 0, endedAt: status === 'streaming' ? undefined : 1 };
}

const toolTurn: ConversationMessage[] = [
  user('turn-1'),
  answer('turn-1', 0),
  { role: 'tool_result', id: 'r1', turnId: 'turn-1', toolUseId: 't1', text: 'ok', isError: false, at: 0 },
  answer('turn-1', 1, 'interrupted'),
];

describe('transcript facts', () => {
  it('offers recovery on the last assistant message of the last turn, when it was interrupted or failed', () => {
    expect(recoveryHostIndex(toolTurn, turn('turn-1', 'interrupted'))).toBe(3);
    expect(recoveryHostIndex(toolTurn, turn('turn-1', 'failed'))).toBe(3);
    expect(recoveryHostIndex(toolTurn, turn('turn-1', 'completed'))).toBe(-1);
    expect(recoveryHostIndex(toolTurn, turn('turn-1', 'streaming'))).toBe(-1);
    expect(recoveryHostIndex(toolTurn, undefined)).toBe(-1);
  });

  it('offers recovery on the prompt of a turn that failed before any answer began', () => {
    const messages: ConversationMessage[] = [user('turn-1'), answer('turn-1'), user('turn-2')];
    expect(recoveryHostIndex(messages, turn('turn-2', 'failed'))).toBe(2);
  });

  it('finds the message that ends a turn’s answer, past tool results', () => {
    expect(toolTurn.map((_, index) => endsTurnAnswer(toolTurn, index))).toEqual([false, false, false, true]);
    const two = [user('turn-1'), answer('turn-1'), user('turn-2'), answer('turn-2')];
    expect(endsTurnAnswer(two, 1)).toBe(true);
  });

  it('reads a continue request as a continuation, and a retry of one as a continuation too', () => {
    const messages: ConversationMessage[] = [
      user('turn-1'),
      answer('turn-1', 0, 'interrupted'),
      user('turn-2', { kind: 'continue', of: 'turn-1' }),
      answer('turn-2', 0, 'failed'),
      user('turn-3', { kind: 'retry', of: 'turn-2' }),
      answer('turn-3'),
      user('turn-4', { kind: 'retry', of: 'turn-3' }),
      user('turn-5', { kind: 'retry', of: 'turn-1' }),
    ];
    expect(messages.map((_, index) => promptKind(messages, index))).toEqual([
      'typed',
      'typed',
      'continue',
      'typed',
      'continue-retry',
      'typed',
      'continue-retry',
      'retry',
    ]);
    expect(messages.map((_, index) => continuesAnswer(messages, index))).toEqual([false, false, false, true, false, true, false, false]);
  });
});
