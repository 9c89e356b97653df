/**
 * `sluice serve`: the core behind the loopback web host, until Ctrl+C or SIGTERM.
 *
 * Invariant: on shutdown the agent's process group is stopped and the journal closed before
 * the process exits.
 */

import type { AgentLaunch } from '../core/agent/agent-launch';
import { createCore } from '../core/core';
import { startWebHost } from '../server/web-host';

export interface ServeOptions {
  port: number;
  dataDir: string;
  version: string;
  staticDir: string;
  launch: AgentLaunch;
  log: (line: string) => void;
}

export async function serve(options: ServeOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  const core = createCore({ dataDir: options.dataDir, launch: options.launch, transport: 'web', version: options.version });
  const host = await startWebHost({ api: core, staticDir: options.staticDir, port: options.port });
  options.log(`Sluice is serving on ${host.url}`);
  options.log(`Agent: ${options.launch.info.label}${options.launch.info.kind === 'sim' ? ' (no claude CLI in use; a built-in simulator answers)' : ''}`);
  options.log(`Journal: ${core.session.journalPath}`);
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await host.close();
      await core.close();
    })();
    return stopping;
  };
  return { url: host.url, stop };
}
