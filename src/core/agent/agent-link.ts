/**
 * A session's link to its agent: the process (started, restarted, stopped), every line written
 * to its stdin, the control requests both ways, and the interrupt ladder. The session decides
 * what to say; the link owns how it reaches the agent.
 *
 * Invariants:
 * - Every line written to the agent is journaled first (`journalIn`), whether or not a process
 *   is running to take it.
 * - At most one process at a time. A restart (a send after the agent exited) is journaled as a
 *   new `spawn`; a restarted claude resumes its own session (`--resume`), so the conversation it
 *   remembers goes on.
 * - An interrupt climbs the ladder (control request, then SIGINT, SIGTERM, SIGKILL of the
 *   process group) until `settleInterrupt` (the turn ended) or the process exits; each step is
 *   journaled.
 * - When the process exits, the ladder settles and the exit handler learns whether an interrupt
 *   was under way; it then withdraws pending approvals and fails pending outgoing requests
 *   (`dropPending`): nothing waits on a dead agent.
 * - `shutDown` ends the process: stdin EOF, then SIGTERM, then SIGKILL to its group, each after
 *   a bounded wait (agent-shutdown.ts).
 */

import { randomUUID } from 'node:crypto';
import { interruptRequestLine, type AgentMessage, type JsonObject } from '../../shared/agent-messages';
import type { ApprovalAnswer } from '../../shared/protocol';
import type { InterruptState, InterruptStep, SessionPatch } from '../../shared/session-view';
import type { Clock } from '../clock';
import type { JournalEvent } from '../journal/journal';
import type { AgentLaunch } from './agent-launch';
import { AgentProcess, type AgentExitStatus } from './agent-process';
import { shutDownAgent } from './agent-shutdown';
import { ControlRequests, isHostRequest } from './control-requests';
import { InterruptLadder } from './interrupt-ladder';
import { OutgoingRequests } from './outgoing-requests';

export interface AgentLinkDeps {
  clock: Clock;
  /** Journals a line written to the agent's stdin. */
  journalIn(line: string): void;
  /** Journals a lifecycle event (spawn, interrupt steps, exit, close steps). */
  journalEvent(event: JournalEvent): void;
  /** The process is up (the agent can take a prompt). */
  onSpawned(): void;
  onStdout(chunk: Buffer): void;
  onStdoutEnd(): void;
  /** The process exited (the handler calls `dropPending`). */
  onExit(exit: AgentExit): void;
  /** The interrupt ladder moved (a step taken, or settled). */
  onInterruptState(state: InterruptState | undefined): void;
}

export interface AgentExit {
  status: AgentExitStatus;
  stderrTail: string;
  /** An interrupt was climbing the ladder when the process exited. */
  interrupting: boolean;
}

export class AgentLink {
  private process: AgentProcess | null = null;
  private readonly deps: AgentLinkDeps;
  private readonly ladder: InterruptLadder;
  private readonly approvals: ControlRequests;
  private readonly requests: OutgoingRequests;

  constructor(deps: AgentLinkDeps) {
    this.deps = deps;
    this.approvals = new ControlRequests((line) => this.write(line), () => deps.clock.now());
    this.requests = new OutgoingRequests((line) => this.write(line), deps.clock);
    this.ladder = new InterruptLadder({ clock: deps.clock, take: (step) => this.takeInterruptStep(step), changed: deps.onInterruptState });
  }

  get running(): boolean {
    return this.process?.running === true;
  }

  /** Starts a process with `launch` (a restart when one ran before). */
  start(launch: AgentLaunch, journaled: JsonObject): void {
    this.deps.journalEvent({ event: 'spawn', ...journaled, command: launch.command, args: launch.args, cwd: launch.cwd });
    const started: AgentProcess = new AgentProcess(launch, {
      onSpawn: () => {
        this.deps.journalEvent({ event: 'spawned', pid: started.pid ?? null });
        this.deps.onSpawned();
      },
      onStdout: this.deps.onStdout,
      onStdoutEnd: this.deps.onStdoutEnd,
      onExit: (status) => this.exited(started, status),
    });
    this.process = started;
  }

  /** Journals `line` and writes it to the agent's stdin (when a process runs). */
  write(line: string): void {
    this.deps.journalIn(line);
    this.process?.writeLine(line);
  }

  /** A control line from the agent's stdout: an approval it asks for, or a reply to our request. */
  receiveControl(message: AgentMessage, patches: SessionPatch[]): boolean {
    if (isHostRequest(message)) this.approvals.receive(message, patches);
    else if (message.type === 'control_response') this.requests.receive(message);
    else return false;
    return true;
  }

  /** Answers a pending approval; false when it was already answered or withdrawn. */
  answer(answer: ApprovalAnswer, patches: SessionPatch[]): boolean {
    const accepted = this.running && this.approvals.answer(answer, patches);
    if (accepted) this.deps.journalEvent({ event: 'approval', requestId: answer.requestId, behavior: answer.behavior });
    return accepted;
  }

  /** Asks the agent something (`set_model`, …) and resolves with its reply. */
  request(request: JsonObject & { subtype: string }): Promise<JsonObject> {
    return this.requests.send(request);
  }

  get interrupting(): boolean {
    return this.ladder.active;
  }

  /** The first press asks the agent to stop; later presses (and the ladder's timers) escalate. */
  interrupt(turnId: string): void {
    this.ladder.press(turnId);
  }

  /** The interrupted turn ended: the ladder stops climbing. */
  settleInterrupt(): void {
    this.ladder.settle();
  }

  setStdoutPaused(paused: boolean): void {
    if (paused) this.process?.pauseStdout();
    else this.process?.resumeStdout();
  }

  /** Ends the process, if one runs (a paused stdout is read again so it can finish). */
  async shutDown(): Promise<void> {
    const running = this.process;
    if (running === null) return;
    running.resumeStdout();
    await shutDownAgent(running, this.deps.clock, (step) => this.deps.journalEvent({ event: 'close', step }));
  }

  private takeInterruptStep(step: InterruptStep): void {
    if (step === 'control_request') {
      const requestId = `interrupt-${randomUUID()}`;
      this.deps.journalEvent({ event: 'interrupt', step, requestId });
      this.write(interruptRequestLine(requestId));
    } else {
      this.deps.journalEvent({ event: 'interrupt', step, pid: this.process?.pid ?? null });
      this.process?.signalGroup(step);
    }
  }

  /** Withdraws the approvals the agent asked for (as patches) and fails our pending requests. */
  dropPending(patches: SessionPatch[]): void {
    this.approvals.clear(patches);
    this.requests.clear();
  }

  private exited(process: AgentProcess, status: AgentExitStatus): void {
    this.deps.journalEvent({ event: 'exit', code: status.code, signal: status.signal, spawnError: status.spawnError ?? null });
    const interrupting = this.ladder.active;
    this.ladder.settle();
    this.deps.onExit({ status, stderrTail: process.stderrTail(), interrupting });
  }
}
