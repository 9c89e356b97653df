/**
 * Ending an agent process for good (its session closing, Sluice quitting): stdin EOF first, which
 * a well-behaved CLI answers by finishing and exiting; then SIGTERM to its process group; then
 * SIGKILL.
 *
 * Invariants:
 * - Each step is reported (to be journaled) before it is taken, and taken only if the agent
 *   outlived the grace period of the one before.
 * - It resolves once the agent has exited: at most CLOSE_GRACE_MS + TERM_GRACE_MS after the
 *   start, plus the SIGKILL itself.
 */

import type { Clock } from '../clock';
import type { AgentProcess } from './agent-process';

/** How long to wait after stdin EOF before SIGTERM, and after SIGTERM before SIGKILL. */
export const CLOSE_GRACE_MS = 2_000;
export const TERM_GRACE_MS = 5_000;

export type ShutdownStep = 'stdin-eof' | 'SIGTERM' | 'SIGKILL';

export async function shutDownAgent(agent: AgentProcess, clock: Clock, report: (step: ShutdownStep) => void): Promise<void> {
  report('stdin-eof');
  agent.closeStdin();
  if (await exitsWithin(agent, clock, CLOSE_GRACE_MS)) return;
  report('SIGTERM');
  agent.signalGroup('SIGTERM');
  if (await exitsWithin(agent, clock, TERM_GRACE_MS)) return;
  report('SIGKILL');
  agent.signalGroup('SIGKILL');
  await agent.exited;
}

function exitsWithin(agent: AgentProcess, clock: Clock, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => resolve(false), ms);
    void agent.exited.then(() => {
      clock.clearTimeout(timer);
      resolve(true);
    });
  });
}
