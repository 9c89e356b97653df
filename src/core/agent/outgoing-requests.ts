/**
 * Control requests Sluice sends to the agent and waits on (host → CLI): `set_model` and
 * `set_permission_mode`. The interrupt is not one of them: the InterruptLadder watches the turn
 * end instead of the reply.
 *
 * Invariants:
 * - Each request gets a fresh id and settles exactly once: with the `response` object of the
 *   agent's `control_response` of that id, or with a typed error: the agent's own error text
 *   (`unsupported` when it does not know the subtype, else `invalid-request`), `agent-busy`
 *   when no reply came within the timeout, `agent-not-running` when the agent exited first.
 * - At most MAX_PENDING requests wait at once; more are refused rather than queued.
 * - A `control_response` with an id this module did not send (the interrupt's reply) is not
 *   its business and is left alone.
 */

import { randomUUID } from 'node:crypto';
import { SluiceError, agentError } from '../../shared/agent-error';
import { isObject, type AgentMessage, type JsonObject } from '../../shared/agent-messages';
import type { Clock } from '../clock';

/** How long the agent has to answer a settings request (the CLI answers within milliseconds). */
export const OUTGOING_REPLY_TIMEOUT_MS = 10_000;
const MAX_PENDING = 8;

interface Pending {
  resolve(response: JsonObject): void;
  reject(error: SluiceError): void;
  timer: unknown;
}

export class OutgoingRequests {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly clock: Clock,
    private readonly timeoutMs = OUTGOING_REPLY_TIMEOUT_MS,
  ) {}

  /** Sends `request` (its `subtype` and fields) and resolves with the agent's answer. */
  send(request: JsonObject & { subtype: string }): Promise<JsonObject> {
    if (this.pending.size >= MAX_PENDING) {
      return Promise.reject(new SluiceError(agentError('agent-busy', 'Too many requests are waiting for the agent; try again in a moment.')));
    }
    const requestId = `${request.subtype}-${randomUUID()}`;
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(requestId);
        reject(new SluiceError(agentError('agent-busy', `The agent did not answer ${request.subtype} within ${this.timeoutMs / 1000} s; try again.`)));
      }, this.timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      this.write(JSON.stringify({ type: 'control_request', request_id: requestId, request }));
    });
  }

  /** A `control_response` from the agent: settles its request when it is one of ours. */
  receive(message: AgentMessage): void {
    const response = isObject(message.response) ? message.response : null;
    const requestId = typeof response?.request_id === 'string' ? response.request_id : null;
    const waiting = requestId === null ? undefined : this.pending.get(requestId);
    if (response === null || requestId === null || waiting === undefined) return;
    this.pending.delete(requestId);
    this.clock.clearTimeout(waiting.timer);
    if (response.subtype === 'success') {
      waiting.resolve(isObject(response.response) ? response.response : {});
      return;
    }
    const said = typeof response.error === 'string' ? response.error : 'The agent refused the request.';
    waiting.reject(new SluiceError(agentError(response.error_code === 'unsupported_request' ? 'unsupported' : 'invalid-request', `The agent said: ${said}`)));
  }

  /** The agent exited: nothing it was asked will be answered. */
  clear(): void {
    for (const waiting of this.pending.values()) {
      this.clock.clearTimeout(waiting.timer);
      waiting.reject(new SluiceError(agentError('agent-not-running', 'The agent exited before it answered.')));
    }
    this.pending.clear();
  }
}
