/**
 * The simulator, run from its TypeScript source through tsx, launched exactly as the app
 * launches it (resolveAgentLaunch): for tests and benchmarks, which run without a build.
 */

import { join } from 'node:path';
import { resolveAgentLaunch, type AgentLaunch } from './agent-launch';

export const SIMULATOR_SOURCE = join(import.meta.dirname, '..', '..', 'agents', 'sim', 'main.ts');

export function simulatorFromSource(...flags: string[]): AgentLaunch {
  return resolveAgentLaunch({ choice: 'sim', simScript: SIMULATOR_SOURCE, simArgs: flags, cwd: process.cwd(), env: process.env });
}
