/**
 * What an agent's exit means for the conversation: the error its turn ends with, or none. Shared
 * by a live session (session.ts) and a session rebuilt from its journal (journal-replay.ts), so a
 * restored conversation shows the live one's error code and message (not its stderr tail, which
 * the journal does not keep).
 *
 * Invariants:
 * - An agent that could not start at all is `agent-spawn-failed`.
 * - Any exit during a turn is an error: `session-closed` when Sluice stopped the agent (closing,
 *   quitting: Continue picks the answer up), else `agent-crashed` with its code or signal.
 * - An exit while idle is an error only when nobody asked for it.
 */

import { agentError, type AgentError } from '../../shared/agent-error';
import type { AgentExitStatus } from '../agent/agent-process';

/** Sluice itself stopped the agent (closing the session or quitting) while a turn streamed. */
export function sessionClosedError(): AgentError {
  return agentError('session-closed', 'Sluice was closed while this answer streamed; what arrived is kept. Continue picks it up.');
}

/** The error to show for an exit (`asked`: Sluice stopped the agent), or undefined for none. */
export function exitError(status: AgentExitStatus, stderrTail: string, duringTurn: boolean, asked: boolean): AgentError | undefined {
  if (status.spawnError !== undefined) {
    return agentError('agent-spawn-failed', `The agent could not be started: ${status.spawnError}`, stderrTail || undefined);
  }
  const how = status.signal !== null ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
  if (duringTurn && asked) return sessionClosedError();
  if (duringTurn) return agentError('agent-crashed', `The agent ${how} during the turn; what it sent so far is kept.`, stderrTail || undefined);
  if (asked) return undefined;
  return agentError('agent-crashed', `The agent ${how} unexpectedly.`, stderrTail || undefined);
}
