/**
 * The core as one object implementing the view contract (`SluiceApi`) in process: the Electron
 * IPC layer, the web host and the headless CLI all drive exactly this.
 *
 * Invariants:
 * - Sessions live in a SessionRegistry: commands go to the active one; a new core starts with
 *   a new live session, and past sessions are listed from their journals under the data dir.
 * - Payloads from outside the process are validated before they get here (command-dispatch.ts).
 * - `close` stops every agent (process groups) and closes the journals; it is idempotent.
 * - A folder picker exists only where the host injects one (Electron's dialog); elsewhere
 *   `pickFolder` is refused with `unsupported` and a view offers the text field alone.
 */

import { SluiceError, agentError } from '../shared/agent-error';
import type { Hello, SluiceApi, ViewEvent } from '../shared/protocol';
import type { AgentLaunch } from './agent/agent-launch';
import { systemClock, type Clock } from './clock';
import type { Session } from './session/session';
import { SessionRegistry } from './session/session-registry';

export interface CoreOptions {
  dataDir: string;
  launch: AgentLaunch;
  transport: Hello['transport'];
  version: string;
  clock?: Clock;
  /** Asks the person for a folder; null when they cancel. Electron's main injects its dialog. */
  pickFolder?: () => Promise<string | null>;
}

export interface SluiceCore extends SluiceApi {
  /** The session the views show (and commands go to). */
  readonly session: Session;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): SluiceCore {
  const registry = new SessionRegistry({ dataDir: options.dataDir, launch: options.launch, clock: options.clock ?? systemClock });
  let closing: Promise<void> | null = null;

  return {
    get session() {
      return registry.active;
    },
    hello: async () => ({
      app: 'sluice',
      version: options.version,
      transport: options.transport,
      sessionId: registry.active.id,
      agent: options.launch.info,
      sessionDefaults: { cwd: options.launch.cwd },
    }),
    send: async (request) => registry.active.send(request.text),
    interrupt: async () => registry.active.interrupt(),
    continueTurn: async ({ turnId }) => registry.active.continueTurn(turnId),
    retryTurn: async ({ turnId }) => registry.active.retryTurn(turnId),
    approve: async (answer) => registry.active.approve(answer),
    credit: async ({ channel, batch }) => {
      registry.active.credit(channel, batch);
      return { ok: true };
    },
    listSessions: async () => ({ sessions: registry.list(), activeId: registry.active.id }),
    openSession: async ({ id }) => ({ id: registry.open(id).id }),
    newSession: async (settings) => ({ id: registry.create(settings).id }),
    changeSettings: (change) => registry.active.changeSettings(change),
    pickFolder: async () => {
      if (options.pickFolder === undefined) {
        throw new SluiceError(agentError('unsupported', 'This window cannot open a folder picker; type the folder’s path instead.'));
      }
      return { path: await options.pickFolder() };
    },
    subscribe: (listener: (event: ViewEvent) => void, subscribeOptions) => registry.subscribe(listener, subscribeOptions),
    close: () => (closing ??= registry.closeAll()),
  };
}
