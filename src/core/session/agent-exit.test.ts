import { describe, expect, it } from 'vitest';
import { exitError, sessionClosedError } from './agent-exit';

describe('exitError', () => {
  const crash = { code: 3, signal: null };

  it('calls any exit during a turn an error: ours session-closed, the agent’s own agent-crashed with how it ended', () => {
    expect(exitError(crash, '', true, true)).toEqual(sessionClosedError());
    expect(exitError(crash, 'boom', true, false)).toMatchObject({ code: 'agent-crashed', message: expect.stringContaining('exited with code 3 during the turn'), detail: 'boom' });
    expect(exitError({ code: null, signal: 'SIGSEGV' }, '', true, false)?.message).toContain('was killed by SIGSEGV');
  });

  it('calls an exit while idle an error only when nobody asked for it', () => {
    expect(exitError(crash, '', false, true)).toBeUndefined();
    expect(exitError(crash, '', false, false)).toMatchObject({ code: 'agent-crashed', message: expect.stringContaining('unexpectedly') });
  });

  it('calls a program that could not start agent-spawn-failed, whatever else holds', () => {
    expect(exitError({ code: null, signal: null, spawnError: 'spawn nope ENOENT' }, '', true, true)).toMatchObject({ code: 'agent-spawn-failed' });
  });
});
