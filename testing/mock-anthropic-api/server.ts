/**
 * A loopback mock of the Anthropic Messages API, for running the real `claude` CLI in tests
 * (`ANTHROPIC_BASE_URL=<url>`). What it answers is decided in `scenarios.ts`; this module only
 * speaks HTTP.
 *
 * Routes:
 * - `POST /v1/messages` (any query, e.g. `?beta=true`): the planned reply, either
 *   `200 text/event-stream` framed `event: <type>\ndata: <json>\n\n` with a `request-id`
 *   header, or an HTTP error status with a JSON error body.
 * - `HEAD /`: 200; any other `HEAD`: 404 (the CLI probes the base URL). Both empty, at once.
 * - Anything else: 404 with a Messages-API-shaped `not_found_error`.
 *
 * Invariants:
 * - Binds 127.0.0.1 on a free port (never another interface).
 * - Every request is recorded, in arrival order, before it is answered. A record is a live
 *   object: `outcome` settles when its reply ends (`complete`), or the client closed the
 *   connection first (`client-closed`).
 * - Each event is its own `write` (flushed as it goes); a paced reply waits `delayMs` between
 *   events and stops writing as soon as the client closes the connection.
 * - Request bodies are bounded by `MAX_BODY_BYTES` (413 beyond it).
 * - `close()` ends open connections (including keep-alive ones) and resolves once the server
 *   has stopped.
 */

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { planReply, type ReplyPlan, type ScenarioName } from './scenarios';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of a POST (null when empty or not JSON). */
  body: unknown;
  scenario?: ScenarioName;
  outcome?: 'complete' | 'client-closed';
}

export interface MockAnthropicApi {
  /** `http://127.0.0.1:<port>`, for `ANTHROPIC_BASE_URL`. */
  url: string;
  requests: RecordedRequest[];
  /** The recorded `POST /v1/messages` requests only. */
  messageRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export async function start(): Promise<MockAnthropicApi> {
  const requests: RecordedRequest[] = [];
  let replies = 0;
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: null };
    requests.push(record);
    if (req.method === 'HEAD') {
      res.writeHead(new URL(record.url, 'http://mock').pathname === '/' ? 200 : 404).end();
      return;
    }
    const raw = await readBody(req);
    if (raw === null) {
      sendJson(res, 413, apiError('request_too_large', `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
      return;
    }
    record.body = parseJson(raw);
    if (req.method !== 'POST' || new URL(record.url, 'http://mock').pathname !== '/v1/messages') {
      sendJson(res, 404, apiError('not_found_error', `No route for ${req.method} ${record.url}.`));
      return;
    }
    const plan = planReply(record.body, ++replies);
    record.scenario = plan.scenario;
    res.once('close', () => {
      record.outcome = res.writableFinished ? 'complete' : 'client-closed';
    });
    if (plan.kind === 'error') sendJson(res, plan.status, plan.body, { 'request-id': plan.requestId });
    else await streamReply(res, plan);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messageRequests: () => requests.filter((request) => request.method === 'POST' && request.scenario !== undefined),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function streamReply(res: ServerResponse, plan: Extract<ReplyPlan, { kind: 'stream' }>): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': plan.requestId });
  for (const [i, event] of plan.events.entries()) {
    if (i > 0 && plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
    if (res.destroyed) return;
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
  }
  res.end();
}

/** The body as text, or null when it exceeds MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function apiError(type: string, message: string): Record<string, unknown> {
  return { type: 'error', error: { type, message } };
}

function sendJson(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
