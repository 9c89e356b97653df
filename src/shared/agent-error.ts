/**
 * Typed errors a person can act on.
 *
 * Invariant: every failure Sluice reports carries one of these codes and a message that says
 * what happened and what to do next. Nothing is reported as a bare "error".
 */

export type AgentErrorCode =
  | 'cli-not-found'
  | 'auth-required'
  | 'api-error'
  | 'session-not-found'
  | 'agent-crashed'
  | 'session-closed'
  | 'agent-spawn-failed'
  | 'agent-busy'
  | 'agent-not-running'
  | 'turn-failed'
  | 'invalid-agent-command'
  | 'invalid-request'
  /** This host or agent cannot do what was asked (no folder picker on the web, no live settings for a custom agent). */
  | 'unsupported'
  | 'line-too-long'
  | 'malformed-line'
  /** The journal (or its data folder) cannot be written: disk full, not a folder, a write error. */
  | 'journal_write_failed';

export interface AgentError {
  code: AgentErrorCode;
  message: string;
  /** Extra facts for the person: where we looked, the exit code, the stderr tail. */
  detail?: string;
}

export function agentError(code: AgentErrorCode, message: string, detail?: string): AgentError {
  return detail === undefined ? { code, message } : { code, message, detail };
}

/** An AgentError thrown across an async boundary; `toJSON` keeps the code when serialised. */
export class SluiceError extends Error {
  readonly code: AgentErrorCode;
  readonly detail: string | undefined;

  constructor(error: AgentError) {
    super(error.message);
    this.name = 'SluiceError';
    this.code = error.code;
    this.detail = error.detail;
  }

  toAgentError(): AgentError {
    return agentError(this.code, this.message, this.detail);
  }
}
