/**
 * The core as one object implementing the view contract (`SluiceApi`) in process: the Electron
 * IPC layer, the web host and the headless CLI all drive exactly this.
 *
 * Invariants:
 * - One session (one agent process) per core for now; its journal lives under the data dir.
 * - Payloads from outside the process are validated before they get here (command-dispatch.ts).
 * - `close` stops the agent (process group) and closes the journal; it is idempotent.
 */

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Hello, SluiceApi, ViewEvent } from '../../shared/protocol';
import type { AgentLaunch } from './agent/agent-launch';
import { systemClock, type Clock } from './clock';
import { newSessionId, sessionsDir } from './session/data-dir';
import { Session } from './session/session';

export interface CoreOptions {
  dataDir: string;
  launch: AgentLaunch;
  transport: Hello['transport'];
  version: string;
  clock?: Clock;
}

export interface SluiceCore extends SluiceApi {
  readonly session: Session;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): SluiceCore {
  const clock = options.clock ?? systemClock;
  const id = newSessionId(new Date(clock.now()), randomUUID());
  const session = new Session({
    id,
    launch: options.launch,
    journalPath: join(sessionsDir(options.dataDir), `${id}.ndjson`),
    clock,
  });

  return {
    session,
    hello: async () => ({
      app: 'sluice',
      version: options.version,
      transport: options.transport,
      sessionId: session.id,
      agent: options.launch.info,
    }),
    send: async (request) => session.send(request.text),
    interrupt: async () => session.interrupt(),
    continueTurn: async ({ turnId }) => session.continueTurn(turnId),
    retryTurn: async ({ turnId }) => session.retryTurn(turnId),
    approve: async (answer) => session.approve(answer),
    credit: async ({ channel, batch }) => {
      session.credit(channel, batch);
      return { ok: true };
    },
    subscribe: (listener: (event: ViewEvent) => void, options) => session.subscribe(listener, options),
    close: () => session.close(),
  };
}
