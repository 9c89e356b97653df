/**
 * Decides which program answers: the real `claude` CLI, the embedded simulator, or a user's own
 * stream-json agent (`--agent-cmd`), and with which arguments.
 *
 * Invariants:
 * - The result is a program plus an argv array, run without a shell: `--agent-cmd` is split
 *   like a shell would split words, and anything a shell would interpret (pipes, redirections,
 *   `;`, globs) is refused with `invalid-agent-command` rather than silently passed on.
 * - `auto` means the real CLI when one is found, else the simulator (and the view says so).
 * - Views never supply any of this: only the host's own configuration does. A session's checked
 *   settings (session-settings.ts) change a launch in exactly three ways (`launchWithSettings`):
 *   the spawn cwd, and for claude and the simulator (which takes the same flags) `--model <m>`
 *   and `--permission-mode <p>` appended as argv words of their own. A custom agent gets the cwd
 *   only.
 */

import { parse } from 'shell-quote';
import { SluiceError, agentError } from '../../shared/agent-error';
import type { AgentInfo } from '../../shared/session-view';
import type { ResolvedSessionSettings } from '../session/session-settings';
import { claudeVersion, findClaude } from './claude-discovery';

export type AgentChoice = 'auto' | 'sim' | 'claude';

export interface AgentLaunch {
  info: AgentInfo;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface AgentLaunchOptions {
  choice: AgentChoice;
  agentCmd?: string;
  claudePath?: string;
  /** The simulator's entry: a built .js file, or its .ts source (run through tsx) in development. */
  simScript: string;
  /** Extra simulator flags (e.g. `--delay 0`), for load tests and demos. */
  simArgs?: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Directories whose node_modules may hold a project-local claude. */
  projectDirs?: string[];
  /**
   * Sluice's own folder. Its node_modules holds the CLI the contract tests use; `auto` passes it
   * over (a fresh checkout would otherwise greet a person with "Not logged in" instead of the
   * simulator), an explicit `claude` choice takes it.
   */
  ownDir?: string;
}

/**
 * The flags that make claude speak stream-json both ways, with partial messages, and ask Sluice
 * (not a terminal prompt) before using a tool that needs approval.
 */
export const CLAUDE_STREAM_ARGS = [
  '-p',
  '--input-format',
  'stream-json',
  '--output-format',
  'stream-json',
  '--verbose',
  '--include-partial-messages',
  '--permission-prompt-tool',
  'stdio',
];

export function resolveAgentLaunch(options: AgentLaunchOptions): AgentLaunch {
  const { cwd, env } = options;
  if (options.agentCmd !== undefined) {
    const [command, ...args] = splitCommandLine(options.agentCmd);
    return { info: { kind: 'custom', label: 'Custom agent', commandLine: options.agentCmd }, command: command as string, args, cwd, env };
  }
  if (options.choice !== 'sim') {
    try {
      const skipDirs = options.choice === 'auto' && options.ownDir !== undefined ? [options.ownDir] : [];
      const command = findClaude({ explicitPath: options.claudePath, env, projectDirs: options.projectDirs ?? [cwd], skipDirs });
      return {
        info: { kind: 'claude', label: 'Claude Code', commandLine: [command, ...CLAUDE_STREAM_ARGS].join(' ') },
        command,
        args: CLAUDE_STREAM_ARGS,
        cwd,
        env,
      };
    } catch (error) {
      if (options.choice === 'claude') throw error;
    }
  }
  return simulatorLaunch(options);
}

/** The launch of one session: its working directory, and its model and mode as flags. */
export function launchWithSettings(launch: AgentLaunch, settings: ResolvedSessionSettings): AgentLaunch {
  const flags = launch.info.kind === 'custom' ? [] : settingsFlags(settings);
  if (flags.length === 0) return { ...launch, cwd: settings.cwd };
  return {
    ...launch,
    info: { ...launch.info, commandLine: [launch.info.commandLine, ...flags].join(' ') },
    args: [...launch.args, ...flags],
    cwd: settings.cwd,
  };
}

function settingsFlags(settings: ResolvedSessionSettings): string[] {
  const flags: string[] = [];
  if (settings.model !== undefined) flags.push('--model', settings.model);
  if (settings.permissionMode !== undefined) flags.push('--permission-mode', settings.permissionMode);
  return flags;
}

/** Names the CLI's version in its label ("Claude Code 2.1.197") when it answers `--version`. */
export async function withVersion(launch: AgentLaunch): Promise<AgentLaunch> {
  if (launch.info.kind !== 'claude') return launch;
  const version = await claudeVersion(launch.command, { env: launch.env });
  return version === null ? launch : { ...launch, info: { ...launch.info, label: `Claude Code ${version}` } };
}

function simulatorLaunch(options: AgentLaunchOptions): AgentLaunch {
  const viaTsx = options.simScript.endsWith('.ts');
  const args = [...(viaTsx ? ['--import', 'tsx'] : []), options.simScript, ...(options.simArgs ?? [])];
  return {
    info: { kind: 'sim', label: 'Simulator', commandLine: ['node', ...args].join(' ') },
    command: process.execPath,
    args,
    cwd: options.cwd,
    // Under Electron, process.execPath is the Electron binary: this makes it behave as Node.
    env: { ...options.env, ELECTRON_RUN_AS_NODE: '1' },
  };
}

export function splitCommandLine(commandLine: string): string[] {
  const words = parse(commandLine, (name) => `$${name}`);
  const refused = words.find((word) => typeof word !== 'string');
  if (refused !== undefined) {
    throw new SluiceError(
      agentError(
        'invalid-agent-command',
        'The agent command must be a program and its arguments; it runs without a shell, so pipes, redirections and `;` are not supported.',
        `In: ${commandLine}`,
      ),
    );
  }
  if (words.length === 0) throw new SluiceError(agentError('invalid-agent-command', 'The agent command is empty.'));
  return words as string[];
}
