import { describe, expect, it } from 'vitest';
import type { AgentMessage } from '../../shared/agent-messages';
import { fakeClock } from '../fake-clock.test-support';
import { OUTGOING_REPLY_TIMEOUT_MS, OutgoingRequests } from './outgoing-requests';

function setup() {
  const written: string[] = [];
  const { clock, advance } = fakeClock();
  const requests = new OutgoingRequests((line) => written.push(line), clock);
  const sentId = (n: number): string => (JSON.parse(written[n] ?? '{}') as { request_id: string }).request_id;
  const reply = (response: Record<string, unknown>): AgentMessage => ({ type: 'control_response', response });
  return { written, advance, requests, sentId, reply };
}

describe('OutgoingRequests', () => {
  it('writes one control_request line and resolves with the inner response of the matching reply', async () => {
    const { written, requests, sentId, reply } = setup();
    const answer = requests.send({ subtype: 'set_model', model: 'sonnet' });
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] ?? '')).toEqual({ type: 'control_request', request_id: sentId(0), request: { subtype: 'set_model', model: 'sonnet' } });
    requests.receive(reply({ subtype: 'success', request_id: 'interrupt-1', response: { still_queued: [] } }));
    requests.receive(reply({ subtype: 'success', request_id: sentId(0), response: { model: 'claude-sonnet-5-5' } }));
    await expect(answer).resolves.toEqual({ model: 'claude-sonnet-5-5' });
  });

  it('rejects with unsupported when the agent does not know the subtype, else with its error text', async () => {
    const { requests, sentId, reply } = setup();
    const model = requests.send({ subtype: 'set_model', model: 'x' });
    const mode = requests.send({ subtype: 'set_permission_mode', mode: 'plan' });
    requests.receive(reply({ subtype: 'error', request_id: sentId(0), error: 'Unsupported control request subtype: set_model', error_code: 'unsupported_request' }));
    requests.receive(reply({ subtype: 'error', request_id: sentId(1), error: 'Invalid permission mode' }));
    await expect(model).rejects.toMatchObject({ code: 'unsupported', message: 'The agent said: Unsupported control request subtype: set_model' });
    await expect(mode).rejects.toMatchObject({ code: 'invalid-request', message: 'The agent said: Invalid permission mode' });
  });

  it('rejects with agent-busy when no reply comes in time, and ignores a late one', async () => {
    const { requests, sentId, reply, advance } = setup();
    const answer = requests.send({ subtype: 'set_model', model: 'opus' });
    advance(OUTGOING_REPLY_TIMEOUT_MS);
    await expect(answer).rejects.toMatchObject({ code: 'agent-busy' });
    expect(() => requests.receive(reply({ subtype: 'success', request_id: sentId(0), response: {} }))).not.toThrow();
  });

  it('rejects everything waiting with agent-not-running when the agent exits', async () => {
    const { requests } = setup();
    const answer = requests.send({ subtype: 'set_model', model: 'opus' });
    requests.clear();
    await expect(answer).rejects.toMatchObject({ code: 'agent-not-running' });
  });
});
