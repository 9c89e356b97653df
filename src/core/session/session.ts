/**
 * One conversation with one long-lived agent process. The session decides what happens in the
 * conversation (turns, prompts, interrupts, approvals, settings); three parts it owns carry it:
 * the agent link (agent/agent-link.ts: the process, stdin, control requests, the interrupt
 * ladder), the ingest path (ingest.ts: stdout → framer → journal → parser → reducer) and the
 * view hub (flow/view-hub.ts: the journal gate, the core's copy of the view, every open view).
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
 * - A journal that cannot be written stops the turn: the person is told at once (a storage
 *   fault in the view, counting the lines the journal lacks), the agent is interrupted, and the
 *   turn ends `failed` with `journal_write_failed`. A later prompt tries again; once the journal
 *   writes again the fault still reports the lines it lacks (it clears only if none were lost).
 *   A spill file that cannot be written only costs memory (text-spill.ts) and is shown the same
 *   way.
 * - Memory stays flat over a reply of any length: the core's copy of the view keeps long texts
 *   in a spill file (text-spill.ts), read back only for a snapshot, Continue or a report.
 */

import { SluiceError, agentError, type AgentError } from '../../shared/agent-error';
import { userInputLine } from '../../shared/agent-messages';
import type { ApprovalAnswer, SessionSettings, SettingsChange, SubscribeOptions, ViewEvent } from '../../shared/protocol';
import { emptySessionView, type SessionPatch, type SessionView, type StorageFault, type Turn, type UserMessage } from '../../shared/session-view';
import { AgentLink, type AgentExit } from '../agent/agent-link';
import { launchWithSettings, type AgentLaunch } from '../agent/agent-launch';
import type { Clock } from '../clock';
import type { OutboundBatch } from '../flow/view-channel';
import { ViewHub } from '../flow/view-hub';
import { Journal } from '../journal/journal';
import type { ReplayedSession } from '../journal/journal-replay';
import { exitError } from './agent-exit';
import { continuationPrompt, partialAnswer } from './continuation';
import { Ingest, type ChunkOutcome } from './ingest';
import { ConversationReducer } from './reducer';
import { checkSettingsChange, type ResolvedSessionSettings } from './session-settings';
import { STALL_MS, StallWatchdog } from './stall-watchdog';
import { SPILL_SUFFIX } from './text-spill';

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
  private readonly launch: AgentLaunch;
  private readonly clock: Clock;
  private readonly journal: Journal;
  private readonly reducer: ConversationReducer;
  private readonly agent: AgentLink;
  private readonly ingest: Ingest;
  private readonly views: ViewHub;
  private readonly stallWatchdog: StallWatchdog;
  private readonly turnWaiters = new Map<string, ((turn: Turn) => void)[]>();
  private settingsState: ResolvedSessionSettings;
  private turnCount = 0;
  /** Processes started so far (a restored session counts its earlier life as one). */
  private spawns = 0;
  private closing: Promise<void> | null = null;
  /** Why the streaming turn must end failed, whatever the agent says (the journal failed). */
  private turnFault: AgentError | null = null;
  /** The spill file failed (texts stay in memory): shown whenever no journal fault is. */
  private spillFault: StorageFault | null = null;
  /** Why the journal last failed to write, kept for as long as lines it lost are reported. */
  private lastJournalError: string | null = null;

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.launch = options.launch;
    this.clock = options.clock;
    this.settingsState = options.settings ?? { cwd: options.launch.cwd };
    this.journal = new Journal(options.journalPath, () => this.clock.now());
    this.reducer = new ConversationReducer(() => this.clock.now());
    this.agent = new AgentLink({
      clock: this.clock,
      journalIn: (line) => this.journal.in(line),
      journalEvent: (event) => this.journal.event(event),
      onSpawned: () => this.views.publish([{ op: 'agent-state', state: 'ready' }]),
      onStdout: (chunk) => this.ingested(this.ingest.push(chunk)),
      onStdoutEnd: () => this.ingested(this.ingest.end()),
      onExit: (exit) => this.agentExited(exit),
      onInterruptState: (state) => this.views.publish([{ op: 'interrupt', state }]),
    });
    this.ingest = new Ingest({ journal: this.journal, reducer: this.reducer, control: this.agent, maxLineBytes: options.maxLineBytes });
    const initial: SessionView = options.restored
      ? { ...options.restored.view, id: options.id, journalPath: options.journalPath, settings: this.settingsState }
      : { ...emptySessionView(options.id, launchWithSettings(options.launch, this.settingsState).info, options.journalPath), settings: this.settingsState };
    this.views = new ViewHub({
      sessionId: this.id,
      clock: this.clock,
      journal: this.journal,
      spillPath: spillPathFor(options.journalPath),
      initial,
      totals: () => ({ lines: this.ingest.counters.lines, bytes: this.ingest.counters.bytes }),
      setStdoutPaused: (paused) => this.agent.setStdoutPaused(paused),
      onDelivered: (batch) => this.settleTurnWaiters(batch),
      // Told in the middle of a delivery: published once that delivery is done.
      onSpillFailure: (message) => queueMicrotask(() => this.spillFailed(message)),
    });
    this.stallWatchdog = new StallWatchdog(
      this.clock,
      options.stallMs ?? STALL_MS,
      (since) => this.views.publish([{ op: 'stall', since }]),
      () => this.views.publish([{ op: 'stall', since: undefined }]),
    );
    this.journal.onWritten = () => this.views.journalWritten();
    this.journal.onFailure = (message, unjournaledLines) => this.journalFailed(message, unjournaledLines);
    // The journal writes again: what remains to say is the spill file's fault, if any.
    this.journal.onRecovered = () => this.journalRecovered();
    if (options.restored === undefined) {
      this.startAgent();
    } else {
      // Restored from its journal: the conversation is back, the agent starts on the next prompt
      // (and a claude resumes its own session then, as after any restart).
      this.turnCount = options.restored.turns;
      this.spawns = 1;
      this.journal.event({ event: 'restored', sessionId: this.id, turns: options.restored.turns, tornTail: options.restored.tornTail });
    }
  }

  /** Starts the agent process; also used to restart it after it exited (a crash, or SIGKILL). */
  private startAgent(): void {
    const launch = launchWithSettings(this.launch, this.settingsState);
    // A restarted claude resumes its own session (`--resume`), so the conversation it remembers goes on.
    const agentSessionId = this.views.state.agentSessionId;
    const resumable = this.spawns++ > 0 && this.launch.info.kind === 'claude' && agentSessionId !== undefined;
    this.views.agentStarted();
    this.agent.start(resumable ? { ...launch, args: [...launch.args, '--resume', agentSessionId] } : launch, {
      sessionId: this.id,
      agent: launch.info,
      settings: this.settingsState,
    });
  }

  /**
   * The whole view of everything journaled so far, long texts included (it reads them back from
   * the spill file: not per frame).
   */
  get view(): SessionView {
    return this.views.view;
  }

  /** What a session list shows, without reading long texts back. */
  get overview(): { firstPrompt: string | undefined; lastTurn: SessionView['turns'][number] | undefined } {
    const state = this.views.state;
    const prompt = state.messages.find((message): message is UserMessage => message.role === 'user');
    return { firstPrompt: prompt?.text, lastTurn: state.turns.at(-1) };
  }

  get journalPath(): string {
    return this.journal.path;
  }

  /** Resolves once everything journaled so far is in the file (for a reader of the file). */
  drained(): Promise<void> {
    return this.journal.drained();
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
    if (!this.agent.running) {
      this.recordSettings(checked, checked);
      return this.settingsShown();
    }
    // One at a time, each recorded as soon as it is confirmed: a refused mode keeps a changed model.
    if (checked.model !== undefined) {
      const reply = await this.agent.request({ subtype: 'set_model', model: checked.model });
      this.recordSettings({ model: checked.model }, { model: typeof reply.model === 'string' ? reply.model : checked.model });
    }
    if (checked.permissionMode !== undefined) {
      const reply = await this.agent.request({ subtype: 'set_permission_mode', mode: checked.permissionMode });
      this.recordSettings({ permissionMode: checked.permissionMode }, { permissionMode: typeof reply.mode === 'string' ? reply.mode : checked.permissionMode });
    }
    return this.settingsShown();
  }

  /** The settings, replied once the views have them too (their patch follows the journal). */
  private async settingsShown(): Promise<{ settings: SessionSettings }> {
    await this.journal.drained();
    return { settings: this.settingsState };
  }

  private recordSettings(change: SettingsChange, shown: { model?: string; permissionMode?: string }): void {
    this.settingsState = { ...this.settingsState, ...change };
    this.journal.event({ event: 'settings', settings: this.settingsState });
    this.views.publish([{ op: 'settings', settings: this.settingsState, ...shown }]);
  }

  /**
   * Opens a delivery channel: a snapshot now, then numbered batches (against credits when
   * `flowControl` is on), and flow samples while it is open.
   */
  subscribe(listener: (event: ViewEvent) => void, options?: SubscribeOptions): () => void {
    return this.views.subscribe(listener, options);
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
    if (!this.agent.running) {
      this.views.publish([{ op: 'agent-state', state: 'starting' }]);
      this.startAgent();
    }
    const turnId = `turn-${++this.turnCount}`;
    const at = this.clock.now();
    this.reducer.beginTurn(turnId);
    const message: UserMessage = { role: 'user', id: `${turnId}:user`, turnId, text, at };
    if (intent !== undefined) message.intent = intent;
    this.views.publish([
      { op: 'turn-start', turn: { id: turnId, status: 'streaming', startedAt: at } },
      { op: 'user-message', message },
    ]);
    this.agent.write(userInputLine(text));
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
    const prompt = this.views.state.messages.find((message): message is UserMessage => message.role === 'user' && message.turnId === turnId);
    if (!prompt) throw new SluiceError(agentError('invalid-request', `Turn ${turnId} has no prompt to send again.`));
    return this.send(prompt.text, { kind: 'retry', of: turnId });
  }

  /** The turn `turnId`, which must have ended. */
  private endedTurn(turnId: string): Turn {
    const turn = this.views.state.turns.find((candidate) => candidate.id === turnId);
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
    if (turnId === null || !this.agent.running) return { accepted: false };
    if (!this.agent.interrupting) this.markInterruptPoint(turnId);
    this.agent.interrupt(turnId);
    return { accepted: true };
  }

  /** From here on the answer shown stops growing: what arrives later is shown apart. */
  private markInterruptPoint(turnId: string): void {
    const last = this.views.state.messages.at(-1);
    if (last?.role === 'assistant' && last.turnId === turnId && last.status === 'streaming') {
      this.views.publish([{ op: 'interrupt-mark', messageId: last.id, lengths: this.views.lengthsOf(last) }]);
    }
  }

  /** The person answered a tool approval; false when it was already answered or withdrawn. */
  approve(answer: ApprovalAnswer): { accepted: boolean } {
    const patches: SessionPatch[] = [];
    const accepted = this.agent.answer(answer, patches);
    this.views.publish(patches);
    return { accepted };
  }

  /** Resolves when the given turn has ended (at once if it already has). */
  turnEnded(turnId: string): Promise<Turn> {
    const done = this.views.state.turns.find((turn) => turn.id === turnId && turn.status !== 'streaming');
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.turnWaiters.set(turnId, [...(this.turnWaiters.get(turnId) ?? []), resolve]));
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    this.stallWatchdog.stop();
    await this.agent.shutDown();
    // Everything the journal holds reaches the views before they close.
    await this.journal.drained();
    this.views.journalWritten();
    this.views.close();
    await this.journal.close();
  }

  /**
   * The journal writes again. Lines it lost stay lost, so while there are any the banner keeps
   * saying so (with the reason); otherwise what remains is the spill file's fault, if any.
   */
  private journalRecovered(): void {
    const lost = this.journal.unjournaledLines;
    if (lost === 0 || this.lastJournalError === null) {
      this.views.publish([{ op: 'storage-fault', fault: this.spillFault ?? undefined }]);
      return;
    }
    const lines = lost === 1 ? '1 line' : `${lost} lines`;
    const message = `The journal is written again, but ${lines} the agent wrote earlier are not in it (a write failed: ${this.lastJournalError}).`;
    this.views.publish([{ op: 'storage-fault', fault: { code: 'journal_write_failed', message, unjournaledLines: lost } }]);
  }

  /** The policy for a journal that cannot be written: say so at once, and stop the turn. */
  private journalFailed(message: string, unjournaledLines: number): void {
    this.lastJournalError = message;
    const lines = unjournaledLines === 1 ? '1 line' : `${unjournaledLines} lines`;
    this.views.publish([
      {
        op: 'storage-fault',
        fault: {
          code: 'journal_write_failed',
          message: `Sluice cannot write this session's journal (${message}); ${lines} the agent wrote are not in it. The turn was stopped: free some disk space, then send again.`,
          unjournaledLines,
        },
      },
      { op: 'counters', counters: { ...this.ingest.counters, unjournaledLines } },
    ]);
    const turnId = this.reducer.currentTurnId;
    if (turnId === null || this.turnFault !== null) return;
    this.turnFault = agentError('journal_write_failed', `The journal could not be written (${message}), so the turn was stopped: nothing the agent writes may go unrecorded.`, `Journal: ${this.journal.path}`);
    // An interrupt already climbing its ladder is not pushed up a step by this.
    if (!this.agent.interrupting) this.interrupt();
  }

  private spillFailed(message: string): void {
    this.spillFault = {
      code: 'spill_write_failed',
      message: `Sluice cannot write the file that keeps long replies out of memory (${message}); they stay in memory instead. Nothing is lost, but memory will grow: free some disk space.`,
      unjournaledLines: this.journal.unjournaledLines,
    };
    // A journal fault says more, and outranks this one while it lasts.
    if (!this.journal.failing) this.views.publish([{ op: 'storage-fault', fault: this.spillFault }]);
  }

  /** A turn that must fail (the journal failed) ends failed, with that error, however it ended. */
  private withTurnFault(patches: SessionPatch[]): SessionPatch[] {
    const fault = this.turnFault;
    if (fault === null) return patches;
    return patches.map((patch) => {
      if (patch.op !== 'turn-end') return patch;
      this.turnFault = null;
      return { ...patch, status: 'failed', error: fault };
    });
  }

  private ingested(chunk: ChunkOutcome): void {
    this.journal.flush();
    this.stallWatchdog.output(this.reducer.currentTurnId !== null);
    const patches = this.withTurnFault(this.agent.interrupting ? this.tagAfterInterrupt(chunk.patches) : chunk.patches);
    const unjournaledLines = this.journal.unjournaledLines;
    patches.push({ op: 'counters', counters: unjournaledLines > 0 ? { ...this.ingest.counters, unjournaledLines } : { ...this.ingest.counters } });
    // Handed on as soon as it is journaled: a view with credit gets it then (lowest latency); a
    // busy view's channel holds and merges it, so batches grow with load.
    this.views.publish(patches, chunk.lines, chunk.stamps);
  }

  /** Messages that start after an interrupt was requested are shown apart; the turn's end settles it. */
  private tagAfterInterrupt(patches: SessionPatch[]): SessionPatch[] {
    const tagged = patches.map((patch) =>
      patch.op === 'assistant-start' ? { ...patch, message: { ...patch.message, afterInterrupt: true } } : patch,
    );
    if (this.reducer.currentTurnId === null) this.agent.settleInterrupt();
    return tagged;
  }

  private agentExited({ status, stderrTail, interrupting }: AgentExit): void {
    const patches: SessionPatch[] = [];
    this.stallWatchdog.stop();
    const error = exitError(status, stderrTail, this.reducer.currentTurnId !== null, this.closing !== null);
    if (error) this.reducer.failTurn(error, patches, interrupting ? 'interrupted' : 'failed');
    this.agent.dropPending(patches);
    patches.push({ op: 'agent-state', state: 'exited', exit: { code: status.code, signal: status.signal, stderrTail } });
    this.views.publish(this.withTurnFault(patches));
  }

  private settleTurnWaiters(batch: OutboundBatch): void {
    for (const patch of batch.patches) {
      if (patch.op !== 'turn-end') continue;
      const waiters = this.turnWaiters.get(patch.turnId);
      const turn = this.views.state.turns.find((candidate) => candidate.id === patch.turnId);
      if (waiters && turn) {
        this.turnWaiters.delete(patch.turnId);
        for (const waiter of waiters) waiter(turn);
      }
    }
  }
}

/** The spill file sits beside its journal, under a name the session list does not read. */
function spillPathFor(journalPath: string): string {
  return journalPath.replace(/\.ndjson$/, '') + SPILL_SUFFIX;
}
