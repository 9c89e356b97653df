/**
 * Sessions for tests: each test gets a scratch folder, `open` starts a session whose journal
 * lives there, and after the test every session opened is closed (its agent stopped) and the
 * folder removed. `journalRecords` reads a journal back as records.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { AgentLaunch } from '../agent/agent-launch';
import { systemClock, type Clock } from '../clock';
import { Session } from './session';

export interface SessionHarness {
  /** This test's scratch folder. */
  readonly dir: string;
  /** A session with id `idPrefix` + its number in this test, journaled in the scratch folder. */
  open(launch: AgentLaunch, clock?: Clock): Session;
  /** A session the test made itself, closed after the test like the others. */
  adopt(session: Session): Session;
}

export function sessionHarness(name: string, idPrefix = 's'): SessionHarness {
  let dir = '';
  let sessions: Session[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `sluice-${name}-`));
  });
  afterEach(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    sessions = [];
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    open(launch, clock = systemClock) {
      const id = `${idPrefix}${sessions.length + 1}`;
      const session = new Session({ id, launch, journalPath: join(dir, `${id}.ndjson`), clock });
      sessions.push(session);
      return session;
    },
    adopt(session) {
      sessions.push(session);
      return session;
    },
  };
}

export function journalRecords<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}
