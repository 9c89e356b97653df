/**
 * What the screen derives from the store: the status line, whether a turn streams, whether
 * Send is allowed.
 *
 * Invariant: every selector returns a primitive or a reference already held by the state,
 * never a fresh object, so `useAppStore(selector)` re-renders only on a real change.
 */

import type { AgentInfo, ConversationMessage } from '../../../shared/session-view';
import type { AppState } from './app-store';

export type StreamingState = 'connecting' | 'disconnected' | 'starting' | 'ready' | 'streaming' | 'exited';

export function selectMessages(state: AppState): readonly ConversationMessage[] | undefined {
  return state.session?.messages;
}

export function selectAgent(state: AppState): AgentInfo | undefined {
  return state.session?.agent ?? state.hello?.agent;
}

export function selectIsStreaming(state: AppState): boolean {
  const turns = state.session?.turns;
  return turns !== undefined && turns.length > 0 && turns[turns.length - 1]?.status === 'streaming';
}

export function selectStreamingState(state: AppState): StreamingState {
  if (state.connection === 'closed') return 'disconnected';
  if (state.connection === 'connecting' || state.session === null) return 'connecting';
  if (state.session.agentState === 'exited') return 'exited';
  if (state.session.agentState === 'starting') return 'starting';
  return selectIsStreaming(state) ? 'streaming' : 'ready';
}

export function selectStatusText(state: AppState): string {
  switch (selectStreamingState(state)) {
    case 'connecting':
      return 'Connecting…';
    case 'disconnected':
      return 'Disconnected — reconnecting…';
    case 'starting':
      return 'Starting agent…';
    case 'streaming':
      return interruptText(state) ?? 'Streaming…';
    case 'ready':
      return 'Ready';
    case 'exited':
      return exitText(state);
  }
}

/** While an interrupt climbs its ladder, the status line says which step it is on. */
function interruptText(state: AppState): string | undefined {
  switch (state.session?.interrupt?.step) {
    case undefined:
      return undefined;
    case 'control_request':
      return 'Interrupting…';
    case 'SIGINT':
    case 'SIGTERM':
    case 'SIGKILL':
      return `Interrupting — agent not responding, sent ${state.session.interrupt.step}`;
  }
}

export function selectInterruptStep(state: AppState): string | undefined {
  return state.session?.interrupt?.step;
}

function exitText(state: AppState): string {
  const exit = state.session?.exit;
  if (exit?.code !== null && exit?.code !== undefined) return `Agent exited (code ${exit.code})`;
  if (exit?.signal) return `Agent exited (signal ${exit.signal})`;
  return 'Agent exited';
}

/**
 * Send needs a live connection, no turn streaming, and a non-blank draft. An exited agent is
 * fine: the core starts it again for the next message.
 */
export function selectCanSend(state: AppState): boolean {
  return selectCanStartTurn(state) && state.draft.trim() !== '';
}

/**
 * The draft may be held to go once the agent, now starting, is ready: not while a turn runs (an
 * agent started by a send is starting that turn).
 */
export function selectCanQueueSend(state: AppState): boolean {
  return selectStreamingState(state) === 'starting' && !selectIsStreaming(state) && !state.sending && state.draft.trim() !== '';
}

/** A new turn may start: connected, no turn streaming, nothing being sent. */
export function selectCanStartTurn(state: AppState): boolean {
  const streamingState = selectStreamingState(state);
  return (streamingState === 'ready' || streamingState === 'exited') && !state.sending;
}
