import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLOW_DELTAS, TEXT_REPLY } from './scenarios';
import { start, type MockAnthropicApi } from './server';

let mock: MockAnthropicApi;
beforeEach(async () => {
  mock = await start();
});
afterEach(() => mock.close());

function post(prompt: string): Promise<Response> {
  return fetch(`${mock.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-test-1', stream: true, messages: [{ role: 'user', content: prompt }] }),
  });
}

/** Parses `event: <type>\ndata: <json>\n\n` frames; throws on anything else. */
function sseFrames(body: string): { event: string; data: Record<string, unknown> }[] {
  const frames = body.split('\n\n');
  expect(frames.pop()).toBe('');
  return frames.map((frame) => {
    const match = /^event: (\S+)\ndata: (.*)$/.exec(frame);
    if (!match) throw new Error(`not an SSE frame: ${frame}`);
    const data = JSON.parse(match[2] as string) as Record<string, unknown>;
    expect(data.type).toBe(match[1]);
    return { event: match[1] as string, data };
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('mock Anthropic API server', () => {
  it('listens on loopback only', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers POST /v1/messages with a framed event stream and a request-id header', async () => {
    const response = await post('hello');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('request-id')).toBe('req_mock_1');
    const frames = sseFrames(await response.text());
    expect(frames[0]).toMatchObject({ event: 'message_start', data: { message: { model: 'claude-test-1' } } });
    const text = frames.flatMap((frame) => (frame.event === 'content_block_delta' ? [(frame.data.delta as { text: string }).text] : [])).join('');
    expect(text).toBe(TEXT_REPLY);
  });

  it('records each request with its parsed body, scenario and outcome', async () => {
    await (await post('hello')).text();
    await until(() => mock.requests[0]?.outcome !== undefined);
    expect(mock.messageRequests()).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({
      method: 'POST',
      url: '/v1/messages?beta=true',
      body: { model: 'claude-test-1' },
      scenario: 'text',
      outcome: 'complete',
    });
  });

  it('answers AUTHFAIL with 401 and an authentication_error body', async () => {
    const response = await post('AUTHFAIL');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('answers HEAD / with 200 and other HEADs with 404, and unknown routes with 404', async () => {
    expect((await fetch(`${mock.url}/`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${mock.url}/api/hello`, { method: 'HEAD' })).status).toBe(404);
    expect((await fetch(`${mock.url}/v1/complete`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(mock.messageRequests()).toHaveLength(0);
  });

  it('stops writing a SLOW reply when the client closes the connection', async () => {
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(`${mock.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let deltas = 0;
        res.on('data', (chunk: Buffer) => {
          deltas += chunk.toString().split('content_block_delta').length - 1;
          if (deltas >= 6) {
            req.destroy();
            resolve(deltas);
          }
        });
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.end(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'go SLOW' }] }));
    });
    await until(() => mock.requests[0]?.outcome === 'client-closed');
    expect(received).toBeLessThan(SLOW_DELTAS);
  });

  it('ends open keep-alive connections on close', async () => {
    const slow = post('go SLOW').then((response) => response.text());
    await until(() => mock.requests.length === 1);
    await mock.close();
    await expect(slow).rejects.toThrow();
  });
});
