/**
 * One agent CLI subprocess: spawned without a shell, in its own process group, with three pipes.
 *
 * Invariants:
 * - The prompt and every control message travel on stdin, never on the command line.
 * - stdout is handed out as raw Buffer chunks, in order, undecoded (framing is the caller's).
 * - stderr is kept as a bounded tail (`STDERR_TAIL_BYTES`), for error messages.
 * - `exited` settles exactly once, with the exit code or signal, also when the spawn failed.
 * - `signalGroup` reaches the whole process group (the agent's own children too), so closing a
 *   session leaves no orphans.
 */

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AgentLaunch } from './agent-launch';

export const STDERR_TAIL_BYTES = 8 * 1024;

export interface AgentExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError?: string;
}

export interface AgentProcessHandlers {
  onSpawn(): void;
  onStdout(chunk: Buffer): void;
  onStdoutEnd(): void;
  onExit(status: AgentExitStatus): void;
}

export class AgentProcess {
  readonly pid: number | undefined;
  readonly exited: Promise<AgentExitStatus>;
  private readonly child: ChildProcessWithoutNullStreams;
  private stderrChunks: Buffer[] = [];
  private stderrBytes = 0;
  private exitStatus: AgentExitStatus | null = null;

  constructor(launch: AgentLaunch, handlers: AgentProcessHandlers) {
    this.child = spawn(launch.command, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
      shell: false,
    });
    this.pid = this.child.pid;
    this.child.once('spawn', handlers.onSpawn);
    this.child.stdout.on('data', handlers.onStdout);
    this.child.stdout.on('end', handlers.onStdoutEnd);
    this.child.stderr.on('data', (chunk: Buffer) => this.keepStderr(chunk));
    // A write to a dead agent's stdin fails with EPIPE; the exit handler reports the real cause.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      const settle = (status: AgentExitStatus): void => {
        if (this.exitStatus) return;
        this.exitStatus = status;
        handlers.onExit(status);
        resolve(status);
      };
      this.child.once('error', (error) => settle({ code: null, signal: null, spawnError: spawnFailure(error, launch.cwd) }));
      this.child.once('close', (code, signal) => settle({ code, signal }));
    });
  }

  get running(): boolean {
    return this.exitStatus === null;
  }

  get stdout(): NodeJS.ReadableStream {
    return this.child.stdout;
  }

  /** Stops reading stdout: the OS pipe fills and the agent blocks in write() (real backpressure). */
  pauseStdout(): void {
    this.child.stdout.pause();
  }

  resumeStdout(): void {
    this.child.stdout.resume();
  }

  writeLine(line: string): boolean {
    if (!this.running || this.child.stdin.destroyed) return false;
    this.child.stdin.write(`${line}\n`);
    return true;
  }

  closeStdin(): void {
    if (!this.child.stdin.destroyed) this.child.stdin.end();
  }

  /** Sends a signal to the agent's whole process group (falls back to the process alone). */
  signalGroup(signal: NodeJS.Signals): void {
    if (!this.running || this.pid === undefined) return;
    try {
      process.kill(process.platform === 'win32' ? this.pid : -this.pid, signal);
    } catch {
      try {
        this.child.kill(signal);
      } catch {
        // Already gone: `exited` reports how it ended.
      }
    }
  }

  stderrTail(): string {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }

  private keepStderr(chunk: Buffer): void {
    this.stderrChunks.push(chunk);
    this.stderrBytes += chunk.length;
    while (this.stderrBytes > STDERR_TAIL_BYTES && this.stderrChunks.length > 1) {
      this.stderrBytes -= (this.stderrChunks.shift() as Buffer).length;
    }
    if (this.stderrBytes > STDERR_TAIL_BYTES) {
      const only = this.stderrChunks[0] as Buffer;
      this.stderrChunks = [only.subarray(only.length - STDERR_TAIL_BYTES)];
      this.stderrBytes = STDERR_TAIL_BYTES;
    }
  }
}

/**
 * Why a spawn failed, in words: Node reports a missing working directory exactly like a missing
 * program (`spawn <command> ENOENT`), which would send a person looking for the wrong thing.
 */
function spawnFailure(error: NodeJS.ErrnoException, cwd: string): string {
  if (error.code === 'ENOENT' && !existsSync(cwd)) return `its working directory ${cwd} does not exist (any more); start a new session in an existing folder`;
  return error.message;
}
