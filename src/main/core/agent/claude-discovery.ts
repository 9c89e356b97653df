/**
 * Finds the `claude` CLI the way a terminal would, and says where it looked when it cannot.
 *
 * Order: an explicit path (`--claude-path`, settings), `SLUICE_CLAUDE_PATH`, every directory of
 * PATH, the common install locations, then a `claude` installed in node_modules next to the
 * working directory or the app. The first executable file wins.
 *
 * Invariant: failure is a `cli-not-found` SluiceError whose detail lists every place tried and
 * how to point Sluice at a CLI; it never claims "not installed" for other failures.
 */

import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { SluiceError, agentError } from '../../../shared/agent-error';

export interface ClaudeSearch {
  explicitPath?: string;
  env: NodeJS.ProcessEnv;
  /** Directories whose node_modules/.bin may hold a project-local CLI. */
  projectDirs: string[];
}

export function claudeCandidates(search: ClaudeSearch): string[] {
  const exe = process.platform === 'win32' ? 'claude.exe' : 'claude';
  const home = search.env.HOME ?? homedir();
  const candidates: string[] = [];
  if (search.explicitPath) candidates.push(resolve(search.explicitPath));
  if (search.env.SLUICE_CLAUDE_PATH) candidates.push(resolve(search.env.SLUICE_CLAUDE_PATH));
  for (const dir of (search.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, exe));
  candidates.push(
    join(home, '.claude', 'local', exe),
    join(home, '.local', 'bin', exe),
    join(home, '.npm-global', 'bin', exe),
    '/usr/local/bin/claude',
    '/opt/homebrew/bin/claude',
  );
  for (const dir of search.projectDirs) candidates.push(join(dir, 'node_modules', '.bin', exe));
  return [...new Set(candidates)];
}

export function findClaude(search: ClaudeSearch): string {
  const candidates = claudeCandidates(search);
  if (search.explicitPath) {
    const explicit = candidates[0] as string;
    if (isExecutableFile(explicit)) return explicit;
    throw new SluiceError(
      agentError('cli-not-found', `No executable claude CLI at ${explicit}.`, 'Check the path given with --claude-path (or in settings).'),
    );
  }
  const found = candidates.find(isExecutableFile);
  if (found) return found;
  throw new SluiceError(
    agentError(
      'cli-not-found',
      'The claude CLI was not found. Install it (npm install -g @anthropic-ai/claude-code) or point Sluice at it with --claude-path or SLUICE_CLAUDE_PATH.',
      `Looked in:\n${candidates.join('\n')}`,
    ),
  );
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
