import { describe, expect, it } from 'vitest';
import type { SessionPatch } from '../../shared/session-view';
import { ControlRequests } from './control-requests';

function subject() {
  const replies: unknown[] = [];
  const requests = new ControlRequests((line) => replies.push(JSON.parse(line)), () => 42);
  return { requests, replies };
}

const canUseTool = { type: 'control_request', request_id: 'r1', request: { subtype: 'can_use_tool', tool_name: 'Bash', input: { command: 'ls' }, tool_use_id: 'tu1' } };

describe('ControlRequests', () => {
  it('turns can_use_tool into an approval card and sends nothing until the person answers', () => {
    const { requests, replies } = subject();
    const out: SessionPatch[] = [];
    requests.receive(canUseTool, out);
    expect(out).toEqual([{ op: 'approval-request', request: { requestId: 'r1', toolName: 'Bash', input: { command: 'ls' }, toolUseId: 'tu1', at: 42 } }]);
    expect(replies).toEqual([]);
  });

  it('answers allow with the proposed input, once', () => {
    const { requests, replies } = subject();
    requests.receive(canUseTool, []);
    const out: SessionPatch[] = [];
    expect(requests.answer({ requestId: 'r1', behavior: 'allow' }, out)).toBe(true);
    expect(requests.answer({ requestId: 'r1', behavior: 'deny' }, out)).toBe(false);
    expect(replies).toEqual([{ type: 'control_response', response: { subtype: 'success', request_id: 'r1', response: { behavior: 'allow', updatedInput: { command: 'ls' } } } }]);
    expect(out).toEqual([{ op: 'approval-closed', requestId: 'r1' }]);
  });

  it('answers deny with the person’s message, or a default one', () => {
    const { requests, replies } = subject();
    requests.receive(canUseTool, []);
    requests.answer({ requestId: 'r1', behavior: 'deny', message: '  ' }, []);
    expect(replies).toEqual([{ type: 'control_response', response: { subtype: 'success', request_id: 'r1', response: { behavior: 'deny', message: 'The person denied this tool use.' } } }]);
  });

  it('closes the card without answering when the agent withdraws the request', () => {
    const { requests, replies } = subject();
    requests.receive(canUseTool, []);
    const out: SessionPatch[] = [];
    requests.receive({ type: 'control_cancel_request', request_id: 'r1' }, out);
    expect(out).toEqual([{ op: 'approval-closed', requestId: 'r1' }]);
    expect(requests.answer({ requestId: 'r1', behavior: 'allow' }, [])).toBe(false);
    expect(replies).toEqual([]);
  });

  it('refuses any other request subtype at once, as the SDK does', () => {
    const { requests, replies } = subject();
    requests.receive({ type: 'control_request', request_id: 'h1', request: { subtype: 'hook_callback' } }, []);
    expect(replies).toEqual([
      { type: 'control_response', response: { subtype: 'error', request_id: 'h1', error: 'Unsupported control request subtype: hook_callback', error_code: 'unsupported_request' } },
    ]);
  });
});
