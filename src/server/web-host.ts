/**
 * The loopback web host: serves the renderer over HTTP and carries the view contract over one
 * WebSocket per page, so a browser gets exactly what the Electron window gets.
 *
 * Invariants (security rules of docs/ARCHITECTURE.md):
 * - Binds to 127.0.0.1 only.
 * - A random per-run token is required to open the WebSocket (compared in constant time);
 *   the Origin must be this host's own origin and the Host header this host (DNS rebinding).
 * - Static files are served only from the renderer build folder (no path escapes), with the
 *   same CSP as the Electron window.
 * - Each connection first receives a snapshot, then patches in order; commands are validated
 *   by command-dispatch before they reach the core.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';
import { EVENTS_CHANNEL, type SluiceApi, type WireEvent, type WireReply } from '../shared/protocol';
import { dispatchCommand } from '../core/command-dispatch';

export interface WebHostOptions {
  api: SluiceApi;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Bounds one WebSocket message from a view; a prompt is far below this. */
const MAX_WIRE_MESSAGE_BYTES = 4 * 1024 * 1024;


const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const root = resolve(options.staticDir);
  const server = createServer((request, response) => void serveStatic(root, request, response));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE_BYTES });

  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const allowed =
      url.pathname === '/ws' &&
      allowedHosts.has(request.headers.host ?? '') &&
      allowedOrigins.has(request.headers.origin ?? '') &&
      tokensMatch(url.searchParams.get('token') ?? '', token);
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attachView(ws, options.api));
  });

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((done) => sockets.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function attachView(ws: WebSocket, api: SluiceApi): void {
  // The page grants credits as it commits frames: a page that stops drawing slows the agent.
  const unsubscribe = api.subscribe(
    (event) => {
      if (ws.readyState !== ws.OPEN) return;
      const message: WireEvent = { channel: EVENTS_CHANNEL, event };
      ws.send(JSON.stringify(message));
    },
    { flowControl: true },
  );
  ws.on('close', unsubscribe);
  ws.on('message', (data) => {
    void (async () => {
      let request: { id?: unknown; channel?: unknown; payload?: unknown };
      try {
        request = JSON.parse(data.toString()) as typeof request;
      } catch {
        return ws.close(1003, 'Messages must be JSON');
      }
      if (typeof request.id !== 'number') return ws.close(1003, 'Requests need a numeric id');
      const outcome = await dispatchCommand(api, request.channel, request.payload);
      const reply: WireReply = outcome.ok
        ? { id: request.id, ok: true, result: outcome.result }
        : { id: request.id, ok: false, error: outcome.error };
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
    })();
  });
}

async function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  const relative = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^([/\\])+/, '');
  const file = join(root, relative);
  if (!file.startsWith(root + sep)) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }
}

function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
}
