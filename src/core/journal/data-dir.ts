/**
 * Where Sluice keeps its data (journals): `SLUICE_DATA_DIR` when set, else the directory the
 * host prefers (Electron's userData), else `$XDG_DATA_HOME/sluice` or `~/.local/share/sluice`.
 */

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function dataDir(env: NodeJS.ProcessEnv, hostPreferred?: string): string {
  if (env.SLUICE_DATA_DIR) return resolve(env.SLUICE_DATA_DIR);
  if (hostPreferred) return hostPreferred;
  const xdg = env.XDG_DATA_HOME;
  return join(xdg ? resolve(xdg) : join(env.HOME ?? homedir(), '.local', 'share'), 'sluice');
}

export function sessionsDir(root: string): string {
  return join(root, 'sessions');
}

/** A session id that sorts by creation time and is safe as a file name. */
export function newSessionId(now: Date, random: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${random.slice(0, 8)}`;
}
