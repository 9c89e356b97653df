/**
 * Requests the agent sends to its host (Claude's control protocol, CLI → host), and Sluice's
 * answers.
 *
 * Invariants:
 * - `can_use_tool` becomes an approval the person answers; the answer goes back as one
 *   `control_response` with the CLI's own request id, exactly once (a second answer, or an
 *   answer to a withdrawn request, is refused).
 * - `control_cancel_request` withdraws a pending approval (the CLI does this when a turn is
 *   interrupted while it waits): the card closes, nothing is sent.
 * - Any other subtype is answered at once with an `unsupported_request` error, as the official
 *   SDK does, so the agent never waits for an answer that will not come.
 */

import { isObject, type AgentMessage } from '../../shared/agent-messages';
import type { ApprovalRequest, SessionPatch } from '../../shared/session-view';
import type { ApprovalAnswer } from '../../shared/protocol';

export function isHostRequest(message: AgentMessage): boolean {
  return message.type === 'control_request' || message.type === 'control_cancel_request';
}

export class ControlRequests {
  private readonly pending = new Map<string, ApprovalRequest>();

  constructor(
    private readonly reply: (line: string) => void,
    private readonly now: () => number,
  ) {}

  /** Handles one CLI → host line; returns the patches it implies. */
  receive(message: AgentMessage, out: SessionPatch[]): void {
    const requestId = typeof message.request_id === 'string' ? message.request_id : null;
    if (requestId === null) return;
    if (message.type === 'control_cancel_request') {
      if (this.pending.delete(requestId)) out.push({ op: 'approval-closed', requestId });
      return;
    }
    const request = isObject(message.request) ? message.request : {};
    if (request.subtype !== 'can_use_tool') {
      this.reply(
        JSON.stringify({
          type: 'control_response',
          response: { subtype: 'error', request_id: requestId, error: `Unsupported control request subtype: ${String(request.subtype)}`, error_code: 'unsupported_request' },
        }),
      );
      return;
    }
    const approval: ApprovalRequest = {
      requestId,
      toolName: typeof request.tool_name === 'string' ? request.tool_name : 'tool',
      input: request.input ?? {},
      at: this.now(),
    };
    if (typeof request.description === 'string') approval.description = request.description;
    if (typeof request.tool_use_id === 'string') approval.toolUseId = request.tool_use_id;
    this.pending.set(requestId, approval);
    out.push({ op: 'approval-request', request: approval });
  }

  /** The person's answer; false when the request is no longer pending. */
  answer(answer: ApprovalAnswer, out: SessionPatch[]): boolean {
    const approval = this.pending.get(answer.requestId);
    if (!approval) return false;
    this.pending.delete(answer.requestId);
    const response =
      answer.behavior === 'allow'
        ? { behavior: 'allow', updatedInput: approval.input }
        : { behavior: 'deny', message: answer.message?.trim() || 'The person denied this tool use.' };
    this.reply(JSON.stringify({ type: 'control_response', response: { subtype: 'success', request_id: answer.requestId, response } }));
    out.push({ op: 'approval-closed', requestId: answer.requestId });
    return true;
  }

  /** The agent exited: nothing it asked can be answered any more. */
  clear(out: SessionPatch[]): void {
    for (const requestId of this.pending.keys()) out.push({ op: 'approval-closed', requestId });
    this.pending.clear();
  }
}
