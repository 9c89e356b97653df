/**
 * Where the simulator agent's program is, seen from an entry point (Electron main or the CLI).
 *
 * Built: `out/main/sim.js` beside the entry. From source (tests, tsx): `src/agents/sim/main.ts`,
 * run through tsx. Both entries sit one folder below `src/`, so one relative path serves both.
 */

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function simulatorScript(entryUrl: string): string {
  const here = dirname(fileURLToPath(entryUrl));
  const built = join(here, 'sim.js');
  return existsSync(built) ? built : resolve(here, '..', 'agents', 'sim', 'main.ts');
}
