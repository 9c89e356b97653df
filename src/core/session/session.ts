/**
 * One conversation with one long-lived agent process, and the pipeline between them:
 * stdout bytes → framer → decoder/parser → journal → reducer → outbox → views.
 *
 * Invariants:
 * - Every stdout line is journaled before anything derived from it leaves the session, and a
 *   line that cannot be parsed is journaled, counted and shown as a warning: never dropped.
 * - One turn at a time: `send` while a turn streams is refused with `agent-busy`.
 * - A `send` after the agent exited (a crash, or the end of an interrupt's escalation) starts
 *   it again, journaled as a new `spawn`: the conversation goes on in the same session.
 * - A view that subscribes first gets a snapshot consistent with everything already delivered,
 *   then every later patch batch, in order.
 * - When the agent dies mid-turn, the turn ends `failed` with the exit code/signal and the
 *   stderr tail; what was received stays in the conversation and the journal.
 * - `close` ends the agent: stdin EOF, then SIGTERM, then SIGKILL to its process group, each
 *   after a bounded wait (agent-shutdown.ts).
 * - `interrupt` always ends the turn: it climbs the InterruptLadder (control request, then
 *   signals) until the turn ends or the agent exits. From the moment it is requested the view
 *   stops growing: text already shown is marked, and what arrives afterwards is kept and shown
 *   apart (`interruptMark`, `afterInterrupt`), never dropped.
 * - The agent runs with this session's settings (cwd, model, permission mode), journaled with
 *   every `spawn` and on every change, so a restored session respawns exactly so. A live change
 *   is asked of a running agent (`set_model`, `set_permission_mode`) and takes effect only once
 *   the agent confirms it; with no agent running it applies at the next start.
 * - Memory stays flat over a reply of any length: the core's copy of the view keeps long texts
 *   in a spill file (text-spill.ts), read back only for a snapshot, Continue or a report.
 */

import { randomUUID } from 'node:crypto';
import { SluiceError, agentError } from '../../shared/agent-error';
import { interruptRequestLine, userInputLine } from '../../shared/agent-messages';
import type { ApprovalAnswer, SessionSettings, SettingsChange, SubscribeOptions, ViewEvent } from '../../shared/protocol';
import {
  applyPatches,
  emptySessionView,
  type SessionPatch,
  type SessionView,
  type InterruptStep,
  type UserMessage,
  type Turn,
} from '../../shared/session-view';
import { AgentProcess, type AgentExitStatus } from '../agent/agent-process';
import { shutDownAgent } from '../agent/agent-shutdown';
import { ControlRequests } from '../agent/control-requests';
import { InterruptLadder } from '../agent/interrupt-ladder';
import { launchWithSettings, type AgentLaunch } from '../agent/agent-launch';
import { OutgoingRequests } from '../agent/outgoing-requests';
import type { Clock } from '../clock';
import { Outbox } from '../flow/outbox';
import type { OutboundBatch } from '../flow/view-channel';
import { ViewFanout } from '../flow/view-fanout';
import { exitError } from './agent-exit';
import { continuationPrompt, partialAnswer } from './continuation';
import { Journal } from '../journal/journal';
import { STALL_MS, StallWatchdog } from './stall-watchdog';
import type { ReplayedSession } from '../journal/journal-replay';
import { ConversationReducer } from './reducer';
import { checkSettingsChange, type ResolvedSessionSettings } from './session-settings';
import { StdoutPipeline, type ChunkOutcome } from './stdout-pipeline';
import { SPILL_SUFFIX, TextSpill } from './text-spill';

export interface SessionOptions {
  id: string;
  launch: AgentLaunch;
  journalPath: string;
  clock: Clock;
  maxLineBytes?: number;
  /** No output for this long while a turn is open is shown as a stall (default STALL_MS). */
  stallMs?: number;
  /** Rebuilt from this session's journal (journal-replay.ts): no agent runs until the next prompt. */
  restored?: ReplayedSession;
  /** Checked by session-settings.ts; default: the launch's own cwd, the CLI's model and mode. */
  settings?: ResolvedSessionSettings;
}


export class Session {
  readonly id: string;
  /** The core's copy of the view, long texts moved out to `spill` (hydrate before showing it). */
  private viewState: SessionView;
  private readonly journal: Journal;
  private readonly spill: TextSpill;
  private readonly stdout: StdoutPipeline;
  private readonly reducer: ConversationReducer;
  private readonly outbox: Outbox;
  /** Null for a session restored from its journal, until its first new prompt starts the agent. */
  private agent: AgentProcess | null;
  private readonly launch: AgentLaunch;
  private readonly clock: Clock;
  private readonly views: ViewFanout;
  private readonly turnWaiters = new Map<string, (turn: Turn) => void>();
  private turnCount = 0;
  private closing: Promise<void> | null = null;
  private readonly stallWatchdog: StallWatchdog;
  private spawns = 0;
  private readonly interruptLadder: InterruptLadder;
  private readonly controlRequests: ControlRequests;
  private readonly outgoingRequests: OutgoingRequests;
  private settingsState: ResolvedSessionSettings;

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.clock = options.clock;
    this.settingsState = options.settings ?? { cwd: options.launch.cwd };
    this.stallWatchdog = new StallWatchdog(
      this.clock,
      options.stallMs ?? STALL_MS,
      (since) => {
        this.outbox.push([{ op: 'stall', since }]);
        this.outbox.flush();
      },
      () => this.outbox.push([{ op: 'stall', since: undefined }]),
    );
    this.viewState = { ...emptySessionView(options.id, launchWithSettings(options.launch, this.settingsState).info, options.journalPath), settings: this.settingsState };
    this.journal = new Journal(options.journalPath, () => this.clock.now());
    this.spill = new TextSpill(spillPathFor(options.journalPath));
    this.reducer = new ConversationReducer(() => this.clock.now());
    this.controlRequests = new ControlRequests((line) => this.writeToAgent(line), () => this.clock.now());
    this.outgoingRequests = new OutgoingRequests((line) => this.writeToAgent(line), this.clock);
    this.stdout = new StdoutPipeline({
      journal: this.journal,
      reducer: this.reducer,
      controlRequests: this.controlRequests,
      outgoingRequests: this.outgoingRequests,
      maxLineBytes: options.maxLineBytes,
    });
    this.interruptLadder = new InterruptLadder({
      clock: this.clock,
      take: (step) => this.takeInterruptStep(step),
      changed: (state) => {
        this.outbox.push([{ op: 'interrupt', state }]);
        this.outbox.flush();
      },
    });
    this.outbox = new Outbox((batch) => this.deliver(batch), this.clock, this.journal);
    this.journal.onWritten = () => {
      this.outbox.flush();
      this.views.updatePause();
    };
    this.journal.onFailure = (message) => {
      const warning = `The journal could not be written (${message}); the stream goes on, but ${this.journal.path} is incomplete.`;
      this.outbox.push([{ op: 'warning', warning: { code: 'journal-failed', line: this.stdout.counters.lines, message: warning } }]);
      this.outbox.flush();
    };
    this.views = new ViewFanout({
      sessionId: this.id,
      clock: this.clock,
      totals: () => ({ lines: this.stdout.counters.lines, bytes: this.stdout.counters.bytes }),
      outboxCoalescedPatches: () => this.outbox.coalescedPatches,
      unjournaledChunks: () => this.journal.unwrittenBatches,
      pauseStdout: (paused) => (paused ? this.agent?.pauseStdout() : this.agent?.resumeStdout()),
    });
    this.launch = options.launch;
    if (options.restored === undefined) {
      this.agent = this.spawnAgent();
    } else {
      // Restored from its journal: the conversation is back, the agent starts on the next prompt
      // (and a claude resumes its own session then, as after any restart).
      this.viewState = this.spill.trim({ ...options.restored.view, id: options.id, journalPath: options.journalPath, settings: this.settingsState });
      this.turnCount = options.restored.turns;
      this.spawns = 1;
      this.agent = null;
      this.journal.event({ event: 'restored', sessionId: this.id, turns: options.restored.turns, tornTail: options.restored.tornTail });
    }
  }

  /**
   * How to (re)start the agent: a restarted claude resumes its own session (`--resume`), so the
   * conversation it remembers goes on.
   */
  private relaunch(): AgentLaunch {
    const launch = launchWithSettings(this.launch, this.settingsState);
    const resumable = this.spawns++ > 0 && this.launch.info.kind === 'claude' && this.viewState.agentSessionId !== undefined;
    return resumable ? { ...launch, args: [...launch.args, '--resume', this.viewState.agentSessionId as string] } : launch;
  }

  /** Starts the agent process; also used to restart it after it exited (a crash, or SIGKILL). */
  private spawnAgent(): AgentProcess {
    const launch = this.relaunch();
    this.views.agentStarted();
    this.journal.event({ event: 'spawn', sessionId: this.id, agent: launch.info, command: launch.command, args: launch.args, cwd: launch.cwd, settings: this.settingsState });
    const agent: AgentProcess = new AgentProcess(launch, {
      onSpawn: () => {
        this.journal.event({ event: 'spawned', pid: agent.pid ?? null });
        this.outbox.push([{ op: 'agent-state', state: 'ready' }]);
      },
      onStdout: (chunk) => this.onStdout(chunk),
      onStdoutEnd: () => this.onStdoutEnd(),
      onExit: (status) => this.onExit(status),
    });
    return agent;
  }

  /**
   * The whole view of everything journaled so far, long texts included (it reads them back from
   * the spill file: not per frame).
   */
  get view(): SessionView {
    this.outbox.flush();
    return this.spill.hydrate(this.viewState);
  }

  /** What a session list shows, without reading long texts back. */
  get overview(): { firstPrompt: string | undefined; lastTurn: SessionView['turns'][number] | undefined } {
    this.outbox.flush();
    const prompt = this.viewState.messages.find((message): message is UserMessage => message.role === 'user');
    return { firstPrompt: prompt?.text, lastTurn: this.viewState.turns.at(-1) };
  }

  get journalPath(): string {
    return this.journal.path;
  }

  get settings(): ResolvedSessionSettings {
    return this.settingsState;
  }

  /**
   * Changes the model and/or permission mode. A running agent is asked first and each change
   * holds only once it agrees (what it confirms is shown); with no agent running, the next start
   * uses them.
   */
  async changeSettings(change: SettingsChange): Promise<{ settings: SessionSettings }> {
    if (this.closing !== null) throw new SluiceError(agentError('agent-not-running', 'This session is closing.'));
    const checked = checkSettingsChange(change, this.launch.info.kind);
    if (this.agent?.running !== true) {
      this.recordSettings(checked, checked);
      return { settings: this.settingsState };
    }
    // One at a time, each recorded as soon as it is confirmed: a refused mode keeps a changed model.
    if (checked.model !== undefined) {
      const reply = await this.outgoingRequests.send({ subtype: 'set_model', model: checked.model });
      this.recordSettings({ model: checked.model }, { model: typeof reply.model === 'string' ? reply.model : checked.model });
    }
    if (checked.permissionMode !== undefined) {
      const reply = await this.outgoingRequests.send({ subtype: 'set_permission_mode', mode: checked.permissionMode });
      this.recordSettings({ permissionMode: checked.permissionMode }, { permissionMode: typeof reply.mode === 'string' ? reply.mode : checked.permissionMode });
    }
    return { settings: this.settingsState };
  }

  private recordSettings(change: SettingsChange, shown: { model?: string; permissionMode?: string }): void {
    this.settingsState = { ...this.settingsState, ...change };
    this.journal.event({ event: 'settings', settings: this.settingsState });
    this.outbox.push([{ op: 'settings', settings: this.settingsState, ...shown }]);
    this.outbox.flush();
  }

  /**
   * Opens a delivery channel: a snapshot now, then numbered batches (against credits when
   * `flowControl` is on), and flow samples while it is open.
   */
  subscribe(listener: (event: ViewEvent) => void, options: SubscribeOptions = { flowControl: false }): () => void {
    this.outbox.flush();
    return this.views.open(listener, options.flowControl, (channel) => ({
      kind: 'snapshot',
      session: this.spill.hydrate(this.viewState),
      channel,
      batch: 0,
      lines: this.stdout.counters.lines,
    }));
  }

  /** A view applied batch `batch` of its channel: send more, and maybe read the agent again. */
  credit(channelId: number, batch: number): void {
    this.views.credit(channelId, batch);
  }

  send(text: string, intent?: UserMessage['intent']): { turnId: string } {
    if (this.closing !== null) {
      throw new SluiceError(agentError('agent-not-running', 'This session is closing.'));
    }
    if (this.reducer.currentTurnId !== null) {
      throw new SluiceError(agentError('agent-busy', 'The agent is still answering; wait for the turn to end or interrupt it.'));
    }
    if (this.agent?.running !== true) {
      this.outbox.push([{ op: 'agent-state', state: 'starting' }]);
      this.agent = this.spawnAgent();
    }
    const turnId = `turn-${++this.turnCount}`;
    const at = this.clock.now();
    this.reducer.beginTurn(turnId);
    const message: UserMessage = { role: 'user', id: `${turnId}:user`, turnId, text, at };
    if (intent !== undefined) message.intent = intent;
    this.outbox.push([
      { op: 'turn-start', turn: { id: turnId, status: 'streaming', startedAt: at } },
      { op: 'user-message', message },
    ]);
    this.writeToAgent(userInputLine(text));
    this.stallWatchdog.turnStarted(at);
    return { turnId };
  }

  /** Asks the agent to carry on after an interrupted or failed answer, quoting where it stopped. */
  continueTurn(turnId: string): { turnId: string } {
    this.endedTurn(turnId);
    return this.send(continuationPrompt(partialAnswer(this.view, turnId)), { kind: 'continue', of: turnId });
  }

  /** Sends the prompt of an earlier turn again. */
  retryTurn(turnId: string): { turnId: string } {
    this.endedTurn(turnId);
    const prompt = this.viewState.messages.find((message): message is UserMessage => message.role === 'user' && message.turnId === turnId);
    if (!prompt) throw new SluiceError(agentError('invalid-request', `Turn ${turnId} has no prompt to send again.`));
    return this.send(prompt.text, { kind: 'retry', of: turnId });
  }

  /** The turn `turnId`, which must have ended (and the outbox is flushed, so the view is current). */
  private endedTurn(turnId: string): Turn {
    this.outbox.flush();
    const turn = this.viewState.turns.find((candidate) => candidate.id === turnId);
    if (!turn) throw new SluiceError(agentError('invalid-request', `There is no turn ${turnId} in this session.`));
    if (turn.status === 'streaming') {
      throw new SluiceError(agentError('agent-busy', 'That turn is still streaming; interrupt it first.'));
    }
    return turn;
  }

  /**
   * Stops the current turn: the first call asks the agent, later ones (and the ladder's own
   * timers) escalate to signals. Idempotent for rapid repeats; `accepted` is false when no
   * turn is streaming.
   */
  interrupt(): { accepted: boolean } {
    const turnId = this.reducer.currentTurnId;
    if (turnId === null || this.agent?.running !== true) return { accepted: false };
    if (!this.interruptLadder.active) this.markInterruptPoint(turnId);
    this.interruptLadder.press(turnId);
    return { accepted: true };
  }

  private markInterruptPoint(turnId: string): void {
    this.outbox.flush();
    const messages = this.viewState.messages;
    const last = messages[messages.length - 1];
    if (last?.role === 'assistant' && last.turnId === turnId && last.status === 'streaming') {
      this.outbox.push([{ op: 'interrupt-mark', messageId: last.id, lengths: this.spill.lengthsOf(last) }]);
    }
  }

  private takeInterruptStep(step: InterruptStep): void {
    if (step === 'control_request') {
      const requestId = `interrupt-${randomUUID()}`;
      this.journal.event({ event: 'interrupt', step, requestId });
      this.writeToAgent(interruptRequestLine(requestId));
    } else {
      this.journal.event({ event: 'interrupt', step, pid: this.agent?.pid ?? null });
      this.agent?.signalGroup(step);
    }
  }

  /** The person answered a tool approval; false when it was already answered or withdrawn. */
  approve(answer: ApprovalAnswer): { accepted: boolean } {
    const patches: SessionPatch[] = [];
    const accepted = this.agent?.running === true && this.controlRequests.answer(answer, patches);
    if (accepted) this.journal.event({ event: 'approval', requestId: answer.requestId, behavior: answer.behavior });
    this.outbox.push(patches);
    this.outbox.flush();
    return { accepted };
  }

  /** Resolves when the given turn has ended (at once if it already has). */
  turnEnded(turnId: string): Promise<Turn> {
    this.outbox.flush();
    const done = this.viewState.turns.find((turn) => turn.id === turnId && turn.status !== 'streaming');
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.turnWaiters.set(turnId, resolve));
  }

  close(): Promise<void> {
    this.closing ??= this.stopAgent();
    return this.closing;
  }

  private async stopAgent(): Promise<void> {
    this.views.stop();
    this.stallWatchdog.stop();
    const agent = this.agent;
    if (agent !== null) {
      if (this.views.paused) agent.resumeStdout();
      await shutDownAgent(agent, this.clock, (step) => this.journal.event({ event: 'close', step }));
    }
    await this.release();
  }

  /** Delivers everything the journal holds, then closes it and the spill file. */
  private async release(): Promise<void> {
    await this.journal.drained();
    this.outbox.flush();
    await this.journal.close();
    this.spill.close();
  }

  private writeToAgent(line: string): void {
    this.journal.in(line);
    this.agent?.writeLine(line);
  }

  private onStdout(chunk: Buffer): void {
    this.finishChunk(this.stdout.push(chunk));
  }

  private onStdoutEnd(): void {
    this.finishChunk(this.stdout.end());
  }

  private finishChunk(chunk: ChunkOutcome): void {
    this.journal.flush();
    this.stallWatchdog.output(this.reducer.currentTurnId !== null);
    const patches = this.interruptLadder.active ? this.tagAfterInterrupt(chunk.patches) : chunk.patches;
    patches.push({ op: 'counters', counters: { ...this.stdout.counters } });
    this.outbox.push(patches, chunk.lines, chunk.stamps);
    // Hand the chunk on as soon as it is journaled: a view with credit gets it then (lowest
    // latency); a busy view's channel holds and merges it, so batches grow with load.
    this.outbox.flush();
    this.views.updatePause();
  }

  /** Messages that start after an interrupt was requested are shown apart; the turn's end settles it. */
  private tagAfterInterrupt(patches: SessionPatch[]): SessionPatch[] {
    const tagged = patches.map((patch) =>
      patch.op === 'assistant-start' ? { ...patch, message: { ...patch.message, afterInterrupt: true } } : patch,
    );
    if (this.reducer.currentTurnId === null) this.interruptLadder.settle();
    return tagged;
  }

  private onExit(status: AgentExitStatus): void {
    const stderrTail = this.agent?.stderrTail() ?? '';
    this.journal.event({ event: 'exit', code: status.code, signal: status.signal, spawnError: status.spawnError ?? null });
    const patches: SessionPatch[] = [];
    const interrupting = this.interruptLadder.active;
    this.interruptLadder.settle();
    this.stallWatchdog.stop();
    const error = exitError(status, stderrTail, this.reducer.currentTurnId !== null, this.closing !== null);
    if (error) this.reducer.failTurn(error, patches, interrupting ? 'interrupted' : 'failed');
    this.controlRequests.clear(patches);
    this.outgoingRequests.clear();
    patches.push({ op: 'agent-state', state: 'exited', exit: { code: status.code, signal: status.signal, stderrTail } });
    this.outbox.push(patches);
    this.outbox.flush();
  }

  private deliver(batch: OutboundBatch): void {
    this.viewState = this.spill.trim(applyPatches(this.viewState, batch.patches), batch.patches);
    this.views.deliver(batch);
    for (const patch of batch.patches) {
      if (patch.op !== 'turn-end') continue;
      const waiter = this.turnWaiters.get(patch.turnId);
      const turn = this.viewState.turns.find((candidate) => candidate.id === patch.turnId);
      if (waiter && turn) {
        this.turnWaiters.delete(patch.turnId);
        waiter(turn);
      }
    }
  }
}

/** The spill file sits beside its journal, under a name the session list does not read. */
function spillPathFor(journalPath: string): string {
  return journalPath.replace(/\.ndjson$/, '') + SPILL_SUFFIX;
}
