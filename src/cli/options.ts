/**
 * Parses the `sluice` command line into typed options; bad input is a usage error that names
 * the offending flag, never a stack trace.
 */

import { parseArgs } from 'node:util';
import type { AgentChoice } from '../core/agent/agent-launch';

export const USAGE = `Usage:
  sluice serve [--port N] [--agent auto|sim|claude] [--agent-cmd "<command line>"] [--claude-path P] [--sim-args "<flags>"]
      Serve the Sluice UI on 127.0.0.1 and print its URL (with a one-time token).
  sluice run --prompt TEXT [--agent auto|sim|claude] [--agent-cmd "<command line>"] [--claude-path P] [--sim-args "<flags>"]
             [--interrupt-after-ms N] [--json]
      Run one turn headless through the same pipeline, print the reply (or one JSON object), and exit.
      Ctrl+C interrupts the turn (a second Ctrl+C escalates). Exit code 0 only when the turn completed.

Environment: SLUICE_DATA_DIR (journals), SLUICE_CLAUDE_PATH (the claude CLI).`;

export interface CommonOptions {
  agent: AgentChoice;
  agentCmd?: string;
  claudePath?: string;
  simArgs?: string;
}

export type CliCommand =
  | ({ command: 'serve'; port: number } & CommonOptions)
  | ({ command: 'run'; prompt: string; json: boolean; interruptAfterMs?: number } & CommonOptions)
  | { command: 'help' };

export class UsageError extends Error {}

export function parseCli(argv: string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command !== 'serve' && command !== 'run') throw new UsageError(`Unknown command "${command}".`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        port: { type: 'string' },
        agent: { type: 'string' },
        'agent-cmd': { type: 'string' },
        'claude-path': { type: 'string' },
        'sim-args': { type: 'string' },
        prompt: { type: 'string' },
        json: { type: 'boolean' },
        'interrupt-after-ms': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const agent = values.agent ?? 'auto';
  if (agent !== 'auto' && agent !== 'sim' && agent !== 'claude') throw new UsageError(`--agent must be auto, sim or claude (got "${agent}").`);
  const common: CommonOptions = { agent, agentCmd: values['agent-cmd'], claudePath: values['claude-path'], simArgs: values['sim-args'] };
  if (command === 'serve') {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (got "${values.port}").`);
    return { command, port, ...common };
  }
  if (values.prompt === undefined || values.prompt.trim() === '') throw new UsageError('run needs --prompt TEXT.');
  const after = values['interrupt-after-ms'];
  const interruptAfterMs = after === undefined ? undefined : Number(after);
  if (interruptAfterMs !== undefined && (!Number.isInteger(interruptAfterMs) || interruptAfterMs < 0)) {
    throw new UsageError(`--interrupt-after-ms must be a whole number of milliseconds (got "${after}").`);
  }
  return { command, prompt: values.prompt, json: values.json ?? false, interruptAfterMs, ...common };
}
