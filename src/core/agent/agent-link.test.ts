import { afterEach, describe, expect, it } from 'vitest';
import { userInputLine } from '../../shared/agent-messages';
import { systemClock } from '../clock';
import type { JournalEvent } from '../journal/journal';
import { AgentLink, type AgentExit } from './agent-link';
import { simulatorFromSource } from './simulator-launch.test-support';

const links: AgentLink[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((link) => link.shutDown()));
});

function link() {
  const journaled: (string | JournalEvent)[] = [];
  let stdout = '';
  let exit: AgentExit | null = null;
  const created = new AgentLink({
    clock: systemClock,
    journalIn: (line) => journaled.push(line),
    journalEvent: (event) => journaled.push(event),
    onSpawned: () => undefined,
    onStdout: (chunk) => (stdout += chunk.toString('utf8')),
    onStdoutEnd: () => undefined,
    onExit: (exited) => (exit = exited),
    onInterruptState: () => undefined,
  });
  links.push(created);
  return { link: created, journaled, stdout: () => stdout, exit: () => exit };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('AgentLink', () => {
  it('journals every line it writes, also when no process runs to take it', () => {
    const { link: subject, journaled } = link();
    subject.write('{"type":"user"}');
    expect(subject.running).toBe(false);
    expect(journaled).toEqual(['{"type":"user"}']);
  });

  it('journals the spawn, writes the prompt, and journals each interrupt step before taking it', async () => {
    const { link: subject, journaled, stdout, exit } = link();
    subject.start(simulatorFromSource('--words', '100000', '--delay', '5'), { sessionId: 's' });
    expect(journaled[0]).toMatchObject({ event: 'spawn', sessionId: 's' });
    subject.write(userInputLine('go'));
    await until(() => stdout().includes('text_delta'));
    subject.interrupt('turn-1');
    expect(subject.interrupting).toBe(true);
    expect(journaled.at(-2)).toMatchObject({ event: 'interrupt', step: 'control_request' });
    expect(journaled.at(-1)).toEqual(expect.stringContaining('"subtype":"interrupt"'));
    await until(() => stdout().includes('"type":"result"'));
    subject.settleInterrupt();
    expect(subject.interrupting).toBe(false);
    await subject.shutDown();
    await until(() => exit() !== null);
    // Like claude, the simulator exits 1 after a turn that ended in an error result (the interrupt).
    expect(exit()).toMatchObject({ interrupting: false, status: { code: 1 } });
  });
});
