import { describe, expect, it } from 'vitest';
import { fakeClock } from '../fake-clock.test-support';
import type { AgentExitStatus, AgentProcess } from './agent-process';
import { CLOSE_GRACE_MS, TERM_GRACE_MS, shutDownAgent, type ShutdownStep } from './agent-shutdown';

/** An agent that exits at the step given (or never, until SIGKILL). */
function fakeAgent(exitsOn: 'stdin-eof' | 'SIGTERM' | 'SIGKILL') {
  const taken: string[] = [];
  let exit: (status: AgentExitStatus) => void = () => undefined;
  const exited = new Promise<AgentExitStatus>((resolve) => (exit = resolve));
  const agent = {
    exited,
    closeStdin: () => {
      taken.push('stdin-eof');
      if (exitsOn === 'stdin-eof') exit({ code: 0, signal: null });
    },
    signalGroup: (signal: NodeJS.Signals) => {
      taken.push(signal);
      if (signal === exitsOn) exit({ code: null, signal });
    },
  } as unknown as AgentProcess;
  return { agent, taken };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('shutDownAgent', () => {
  it('stops at stdin EOF when the agent exits then, reporting only that step', async () => {
    const { clock } = fakeClock();
    const { agent, taken } = fakeAgent('stdin-eof');
    const reported: ShutdownStep[] = [];
    await shutDownAgent(agent, clock, (step) => reported.push(step));
    expect(reported).toEqual(['stdin-eof']);
    expect(taken).toEqual(['stdin-eof']);
  });

  it('escalates to SIGTERM after the close grace, and to SIGKILL after the term grace', async () => {
    const { clock, advance } = fakeClock();
    const { agent, taken } = fakeAgent('SIGKILL');
    const reported: ShutdownStep[] = [];
    let done = false;
    void shutDownAgent(agent, clock, (step) => reported.push(step)).then(() => (done = true));
    advance(CLOSE_GRACE_MS - 1);
    await settle();
    expect(taken).toEqual(['stdin-eof']);
    advance(1);
    await settle();
    expect(taken).toEqual(['stdin-eof', 'SIGTERM']);
    advance(TERM_GRACE_MS);
    await settle();
    expect(reported).toEqual(['stdin-eof', 'SIGTERM', 'SIGKILL']);
    expect(taken).toEqual(['stdin-eof', 'SIGTERM', 'SIGKILL']);
    expect(done).toBe(true);
  });

  it('does not send SIGKILL to an agent that SIGTERM ended', async () => {
    const { clock, advance } = fakeClock();
    const { agent, taken } = fakeAgent('SIGTERM');
    const finished = shutDownAgent(agent, clock, () => undefined);
    advance(CLOSE_GRACE_MS);
    await finished;
    advance(TERM_GRACE_MS);
    expect(taken).toEqual(['stdin-eof', 'SIGTERM']);
  });
});
