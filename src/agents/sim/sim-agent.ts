/**
 * The simulator's protocol state machine: reads stdin lines, runs turns one at a time from a
 * queue, answers control requests, and decides when and how the process ends.
 *
 * Invariants:
 * - Nothing is written before the first stdin line; every turn writes system/init first and
 *   exactly one `result` last (unless the process halts: crash, SIGTERM, fatal input).
 * - One turn at a time: a user message that arrives mid-turn is queued and runs after the
 *   running turn's result, as its own init…result turn.
 * - A control_request is answered as soon as it is read, ahead of any output it causes (an
 *   interrupt's control_response precedes the abort lines), and also when idle. `set_model` and
 *   `set_permission_mode` answer like the CLI (the mode also with a system/status line) and
 *   change what the next system/init reports; other subtypes get `unsupported_request`.
 * - Exit: after stdin ends and the queue is drained, 0 if the last result was not an error,
 *   else 1; after SIGINT 0 (a running turn first writes its abort lines); a fatal input line 1;
 *   a simulated crash 3. After `exit` is requested nothing more is written.
 * - All I/O, time and ids come in through `SimAgentDeps`, so the engine runs in tests without a
 *   process, pipes or timers.
 */

import type { AgentMessage, JsonObject } from '../../shared/agent-messages';
import { isAgentMessage, isControlRequest, isObject } from '../../shared/agent-messages';
import type { SimClock } from './clock';
import type { LaunchOptions } from './options';
import { isPermissionMode, parseDirective } from './options';
import type { AgentSettings, LineContext, ResultAccounting } from './protocol-lines';
import {
  SIM_MODEL,
  abortedResultLine,
  controlErrorResponse,
  controlSuccessResponse,
  interruptSuccessResponse,
  permissionModeStatusLine,
  successResultLine,
  systemInitLine,
  unsupportedControlResponse,
} from './protocol-lines';
import { planReply } from './reply-plan';
import type { TurnSummary } from './turn-stream';
import { streamTurn } from './turn-stream';

export interface SimAgentDeps {
  /** Writes one line (no newline); resolves when the sink can take more (backpressure). */
  write(line: string): Promise<void>;
  clock: SimClock;
  newUuid(): string;
  cwd: string;
  launch: LaunchOptions;
  /** Human-readable diagnostics (stderr). */
  warn(text: string): void;
  /** Ends the process: flush what was written, print `stderrMessage`, exit with `code`. */
  exit(code: number, stderrMessage?: string): void;
}

export const MALFORMED_LINE = 'this is not json {';
export const CRASH_MESSAGE = 'sim: simulated crash\n';

/** Simulated prices, per million tokens (input, output): small, deterministic costs per turn. */
const MICRO_USD_PER_INPUT_TOKEN = 4;
const MICRO_USD_PER_OUTPUT_TOKEN = 20;

export class SimAgent {
  readonly sessionId: string;
  private readonly context: LineContext;
  private readonly settings: AgentSettings;
  private readonly queue: string[] = [];
  private runningTurn: AbortController | null = null;
  private pumping = false;
  private inputEnded = false;
  private sigintReceived = false;
  private halted = false;
  private lastResultWasError = false;
  private messageCount = 0;
  private resultCount = 0;
  private linesWritten = 0;
  private deltasGenerated = 0;
  private totalCostMicroUsd = 0;
  private cumulativeInputTokens = 0;
  private cumulativeOutputTokens = 0;

  constructor(private readonly deps: SimAgentDeps) {
    this.sessionId = deps.launch.sessionId ?? deps.newUuid();
    this.context = { sessionId: this.sessionId, newUuid: deps.newUuid, now: () => deps.clock.now() };
    this.settings = { model: deps.launch.model ?? SIM_MODEL, permissionMode: deps.launch.permissionMode ?? 'default' };
  }

  /** One stdin line, without its newline. */
  receiveLine(raw: string): void {
    if (this.halted) return;
    const text = raw.trim();
    if (text === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.halt(1, `Error parsing streaming input line (type=unknown, ${text.length} chars): ${reason}\n`);
      return;
    }
    if (!isAgentMessage(parsed)) return;
    if (parsed.type === 'user') this.receiveUserMessage(parsed);
    else if (parsed.type === 'control_request') this.receiveControlRequest(parsed);
    // control_response (answers to requests we never send), keep_alive and unknown types: ignored.
  }

  endInput(): void {
    this.inputEnded = true;
    if (!this.pumping) this.halt(this.lastResultWasError ? 1 : 0);
  }

  receiveSigint(): void {
    if (this.halted || this.deps.launch.faults.ignoreSigint) return;
    this.sigintReceived = true;
    if (this.runningTurn) this.runningTurn.abort();
    else if (!this.pumping) this.halt(0);
  }

  private receiveUserMessage(line: AgentMessage): void {
    const message = line.message;
    const role = isObject(message) ? message.role : undefined;
    if (!isObject(message) || role !== 'user') {
      this.halt(1, `Error: Expected message role 'user', got '${String(role)}'\n`);
      return;
    }
    this.queue.push(promptTextOf(message.content));
    void this.pump();
  }

  private receiveControlRequest(line: AgentMessage): void {
    if (!isControlRequest(line)) return;
    const { request_id: requestId, request } = line;
    if (request.subtype === 'set_model') {
      this.setModel(requestId, request.model);
      return;
    }
    if (request.subtype === 'set_permission_mode') {
      this.setPermissionMode(requestId, request.mode);
      return;
    }
    if (request.subtype !== 'interrupt') {
      void this.emit(unsupportedControlResponse(requestId, request.subtype));
      return;
    }
    void this.emit(interruptSuccessResponse(requestId));
    if (!this.deps.launch.faults.ignoreInterrupt) this.runningTurn?.abort();
  }

  private setModel(requestId: string, model: unknown): void {
    if (typeof model !== 'string' || model === '') {
      void this.emit(controlErrorResponse(requestId, 'set_model needs a model name'));
      return;
    }
    this.settings.model = model;
    void this.emit(controlSuccessResponse(requestId, { model }));
  }

  private setPermissionMode(requestId: string, mode: unknown): void {
    if (typeof mode !== 'string' || !isPermissionMode(mode)) {
      void this.emit(controlErrorResponse(requestId, `Invalid permission mode: ${String(mode)}`));
      return;
    }
    this.settings.permissionMode = mode;
    void this.emit(controlSuccessResponse(requestId, { mode }));
    void this.emit(permissionModeStatusLine(this.context, mode));
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    let prompt = this.queue.shift();
    while (prompt !== undefined && !this.halted) {
      await this.runTurn(prompt);
      if (this.sigintReceived) {
        this.halt(0);
        return;
      }
      prompt = this.queue.shift();
    }
    this.pumping = false;
    if (this.inputEnded) this.halt(this.lastResultWasError ? 1 : 0);
  }

  private async runTurn(promptText: string): Promise<void> {
    const directive = parseDirective(promptText, this.deps.launch.reply);
    for (const warning of directive.warnings) this.deps.warn(`sim: ${warning}\n`);
    const plan = planReply(directive.prompt, directive.options);
    const turn = new AbortController();
    this.runningTurn = turn;
    const startedAt = this.deps.clock.now();

    await this.emit(systemInitLine(this.context, this.deps.cwd, this.settings));
    const summary = await streamTurn(
      {
        context: this.context,
        clock: this.deps.clock,
        partials: this.deps.launch.faults.partials,
        emit: (line) => this.emit(line),
        countDelta: () => this.countDelta(),
        nextMessageNumber: () => ++this.messageCount,
      },
      plan,
      directive.options,
      turn.signal,
    );
    // From here on an interrupt has nothing to stop: it only gets its control_response.
    this.runningTurn = null;
    if (summary.ending === 'halted' || this.halted) return;

    const accounting = this.account(summary, this.deps.clock.now() - startedAt);
    this.lastResultWasError = summary.ending !== 'completed';
    await this.emit(
      summary.ending === 'completed'
        ? successResultLine(this.context, accounting, summary.finalText, summary.ttftMs)
        : abortedResultLine(this.context, accounting, summary.ending),
    );
  }

  private account(summary: TurnSummary, durationMs: number): ResultAccounting {
    const costMicroUsd = summary.inputTokens * MICRO_USD_PER_INPUT_TOKEN + summary.outputTokens * MICRO_USD_PER_OUTPUT_TOKEN;
    this.totalCostMicroUsd += costMicroUsd;
    this.cumulativeInputTokens += summary.inputTokens;
    this.cumulativeOutputTokens += summary.outputTokens;
    return {
      durationMs,
      durationApiMs: summary.durationApiMs,
      numTurns: summary.numTurns,
      inputTokens: summary.inputTokens,
      outputTokens: summary.outputTokens,
      // Integer micro-dollars keep the cumulative sum exact (no 0.1 + 0.2 drift in the output).
      costUsd: costMicroUsd / 1e6,
      totalCostUsd: this.totalCostMicroUsd / 1e6,
      cumulativeInputTokens: this.cumulativeInputTokens,
      cumulativeOutputTokens: this.cumulativeOutputTokens,
      messageIds: summary.messageIds,
      queuedTurnCount: this.queue.length,
      resultIndex: this.resultCount++,
    };
  }

  private emit(line: JsonObject): Promise<void> {
    if (this.halted) return Promise.resolve();
    const { malformedEvery } = this.deps.launch.faults;
    if (malformedEvery !== null && ++this.linesWritten % malformedEvery === 0) void this.deps.write(MALFORMED_LINE);
    return this.deps.write(JSON.stringify(line));
  }

  private countDelta(): boolean {
    if (this.halted) return false;
    const { crashAfterDeltas } = this.deps.launch.faults;
    if (crashAfterDeltas !== null && ++this.deltasGenerated >= crashAfterDeltas) {
      this.halt(3, CRASH_MESSAGE);
      return false;
    }
    return true;
  }

  private halt(code: number, stderrMessage?: string): void {
    if (this.halted) return;
    this.halted = true;
    this.runningTurn?.abort();
    this.deps.exit(code, stderrMessage);
  }
}

/** The prompt of a user message: its string content, or its text blocks joined by newlines. */
function promptTextOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const block of content) {
    if (isObject(block) && block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
  }
  return texts.join('\n');
}
