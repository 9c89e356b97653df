/**
 * Streams one turn of a reply plan as protocol lines: API messages, content blocks, deltas, the
 * tool round trip, and the abort tails. The result line is the agent's job (it owns the costs
 * and counters that span turns).
 *
 * Invariants:
 * - Per block: content_block_start → deltas → the complete `assistant` line → content_block_stop;
 *   per message: message_start … message_delta → message_stop (the real CLI's order).
 * - Every line is awaited before the next is produced, so stdout backpressure stops generation.
 * - An abort is noticed only while a block is open (after its start and after every delta) or
 *   while the tool runs; the tail then written is exactly the CLI's: aborted `assistant` with the
 *   partial block, the interrupt marker, then (with partials) content_block_stop, a null
 *   message_delta and message_stop. An abort that comes after the last message_stop is too late:
 *   the turn completes.
 * - Without partials only `assistant`, `user` and tool lines are written; pacing is unchanged,
 *   so an interrupt still lands mid-block.
 */

import type { ContentItem, JsonObject } from '../../shared/agent-messages';
import type { SimClock } from './clock';
import type { ReplyOptions } from './options';
import type { ApiMessageRef, LineContext, StreamEventExtras } from './protocol-lines';
import {
  abortedMessageDeltaEvent,
  assistantLine,
  contentBlockDeltaEvent,
  contentBlockStartEvent,
  contentBlockStopEvent,
  interruptMarkerLine,
  messageDeltaEvent,
  messageStartEvent,
  messageStopEvent,
  rejectedToolResultLine,
  requestingStatusLine,
  streamEventLine,
  toolResultLine,
} from './protocol-lines';
import type { PlannedBlock, PlannedMessage, ReplyPlan } from './reply-plan';

export interface TurnIo {
  context: LineContext;
  clock: SimClock;
  partials: boolean;
  emit(line: JsonObject): Promise<void>;
  /** Counts one generated delta; false once the agent has halted (a simulated crash). */
  countDelta(): boolean;
  nextMessageNumber(): number;
}

export type TurnEnding = 'completed' | 'aborted_streaming' | 'aborted_tools' | 'halted';

export interface TurnSummary {
  ending: TurnEnding;
  /** The last message's text (result.result); empty unless completed. */
  finalText: string;
  messageIds: string[];
  numTurns: number;
  inputTokens: number;
  outputTokens: number;
  durationApiMs: number;
  ttftMs: number;
}

/** With delay 0, yield after this many deltas so stdin (an interrupt) is read during a firehose. */
const YIELD_EVERY_DELTAS = 64;
/** A tool "runs" this many delta delays: long enough for a test to interrupt it, short otherwise. */
const TOOL_RUN_DELAYS = 10;

type StepOutcome = 'completed' | 'aborted_streaming' | 'aborted_tools' | 'halted';

/** The deltas of one open block and its content so far (partial until the deltas run out). */
interface BlockProgress {
  startContent: ContentItem;
  deltas: Iterable<JsonObject>;
  content(): ContentItem;
}

export async function streamTurn(io: TurnIo, plan: ReplyPlan, options: ReplyOptions, signal: AbortSignal): Promise<TurnSummary> {
  return new TurnStream(io, plan, options, signal).run();
}

class TurnStream {
  private readonly startedAt: number;
  private firstDeltaAt: number | null = null;
  private sequenceNumber = 0;
  private deltasSinceYield = 0;
  private pacedDeltas = 0;
  private outputTokens = 0;
  private finalText = '';
  private readonly messageIds: string[] = [];
  private lastToolUseId: string | null = null;

  constructor(
    private readonly io: TurnIo,
    private readonly plan: ReplyPlan,
    private readonly options: ReplyOptions,
    private readonly signal: AbortSignal,
  ) {
    this.startedAt = io.clock.now();
  }

  async run(): Promise<TurnSummary> {
    for (const message of this.plan.messages) {
      const streamed = await this.streamMessage(message);
      if (streamed !== 'completed') return this.summary(streamed);
      if (message.stopReason === 'tool_use') {
        const toolRun = await this.runTool();
        if (toolRun !== 'completed') return this.summary(toolRun);
      }
    }
    return this.summary('completed');
  }

  private summary(ending: TurnEnding): TurnSummary {
    const now = this.io.clock.now();
    const messageCount = this.messageIds.length;
    const numTurns = ending === 'aborted_tools' ? messageCount + 2 : ending === 'completed' ? messageCount : messageCount + 1;
    return {
      ending,
      finalText: ending === 'completed' ? this.finalText : '',
      messageIds: this.messageIds,
      numTurns,
      inputTokens: this.plan.inputTokens * messageCount,
      outputTokens: this.outputTokens,
      durationApiMs: now - this.startedAt,
      ttftMs: (this.firstDeltaAt ?? now) - this.startedAt,
    };
  }

  private streamEvent(message: ApiMessageRef, event: JsonObject, extras: Omit<StreamEventExtras, 'stamp'> = {}): Promise<void> {
    if (!this.io.partials) return Promise.resolve();
    return this.io.emit(streamEventLine(this.io.context, message, event, { ...extras, stamp: this.options.stamp }));
  }

  private async streamMessage(planned: PlannedMessage): Promise<StepOutcome> {
    const number = this.io.nextMessageNumber();
    const message: ApiMessageRef = { id: `msg_sim_${number}`, requestId: `req_sim_${number}`, inputTokens: this.plan.inputTokens };
    const requestedAt = this.io.clock.now();
    this.messageIds.push(message.id);
    if (this.io.partials) await this.io.emit(requestingStatusLine(this.io.context));
    await this.streamEvent(message, messageStartEvent(message), { ttftMs: this.io.clock.now() - requestedAt });

    let messageTokens = 0;
    for (const [index, block] of planned.blocks.entries()) {
      const tokensBefore = this.outputTokens;
      const outcome = await this.streamBlock(message, index, this.progressOf(block, number, index));
      messageTokens += this.outputTokens - tokensBefore;
      if (outcome !== 'completed') return outcome;
    }
    await this.streamEvent(message, messageDeltaEvent(planned.stopReason, messageTokens));
    await this.streamEvent(message, messageStopEvent());
    return 'completed';
  }

  private async streamBlock(message: ApiMessageRef, index: number, progress: BlockProgress): Promise<StepOutcome> {
    await this.streamEvent(message, contentBlockStartEvent(index, progress.startContent));
    if (this.signal.aborted) return this.abortBlock(message, index, progress);
    for (const delta of progress.deltas) {
      this.firstDeltaAt ??= this.io.clock.now();
      await this.streamEvent(message, contentBlockDeltaEvent(index, delta));
      this.outputTokens++;
      if (!this.io.countDelta()) return 'halted';
      await this.pace();
      if (this.signal.aborted) return this.abortBlock(message, index, progress);
    }
    await this.io.emit(assistantLine(this.io.context, message, progress.content(), false));
    await this.streamEvent(message, contentBlockStopEvent(index));
    return 'completed';
  }

  private async abortBlock(message: ApiMessageRef, index: number, progress: BlockProgress): Promise<StepOutcome> {
    await this.io.emit(assistantLine(this.io.context, message, progress.content(), true));
    await this.io.emit(interruptMarkerLine(this.io.context, false));
    await this.streamEvent(message, contentBlockStopEvent(index));
    await this.streamEvent(message, abortedMessageDeltaEvent(message));
    await this.streamEvent(message, messageStopEvent(), { abandonedFromIndex: index + 1 });
    return 'aborted_streaming';
  }

  private async runTool(): Promise<StepOutcome> {
    const toolUseId = this.lastToolUseId ?? 'toolu_sim_unknown';
    if (this.options.delay > 0) await this.io.clock.sleep(this.options.delay * TOOL_RUN_DELAYS, this.signal);
    else await this.io.clock.yieldToEventLoop();
    if (this.signal.aborted) {
      await this.io.emit(rejectedToolResultLine(this.io.context, toolUseId));
      await this.io.emit(interruptMarkerLine(this.io.context, true));
      return 'aborted_tools';
    }
    await this.io.emit(toolResultLine(this.io.context, toolUseId, this.plan.toolResultText ?? ''));
    return 'completed';
  }

  private async pace(): Promise<void> {
    if (this.options.rate > 0) {
      // Due times on the clock, not sleeps in a row: timer overshoot does not add up.
      const due = this.startedAt + (++this.pacedDeltas * 1000) / this.options.rate;
      const wait = due - this.io.clock.now();
      if (wait >= 1) await this.io.clock.sleep(wait, this.signal);
      else if (++this.deltasSinceYield >= YIELD_EVERY_DELTAS) {
        this.deltasSinceYield = 0;
        await this.io.clock.yieldToEventLoop();
      }
    } else if (this.options.delay > 0) {
      await this.io.clock.sleep(this.options.delay, this.signal);
    } else if (++this.deltasSinceYield >= YIELD_EVERY_DELTAS) {
      this.deltasSinceYield = 0;
      await this.io.clock.yieldToEventLoop();
    }
  }

  private progressOf(block: PlannedBlock, messageNumber: number, index: number): BlockProgress {
    switch (block.type) {
      case 'text': {
        let text = '';
        const seq = this.options.seq;
        const nextMarker = (): string => `⟦${++this.sequenceNumber}⟧`;
        const keepAsFinalText = (complete: string): void => {
          this.finalText = complete;
        };
        return {
          startContent: { type: 'text', text: '' },
          deltas: (function* () {
            for (const piece of block.deltas) {
              const marked = seq ? nextMarker() + piece : piece;
              text += marked;
              yield { type: 'text_delta', text: marked };
            }
            keepAsFinalText(text);
          })(),
          content: () => ({ type: 'text', text }),
        };
      }
      case 'thinking': {
        let thinking = '';
        let signature = '';
        return {
          startContent: { type: 'thinking', thinking: '', signature: '' },
          deltas: (function* () {
            for (const piece of block.deltas) {
              thinking += piece;
              yield { type: 'thinking_delta', thinking: piece };
            }
            signature = block.signature;
            yield { type: 'signature_delta', signature };
          })(),
          content: () => ({ type: 'thinking', thinking, signature }),
        };
      }
      case 'tool_use': {
        const id = `toolu_sim_${messageNumber}_${index}`;
        this.lastToolUseId = id;
        let complete = false;
        return {
          startContent: { type: 'tool_use', id, name: block.name, input: {} },
          deltas: (function* () {
            for (const partialJson of block.inputJsonChunks) yield { type: 'input_json_delta', partial_json: partialJson };
            complete = true;
          })(),
          // A half-streamed input is not valid JSON yet: an aborted tool_use shows an empty input.
          content: () => ({ type: 'tool_use', id, name: block.name, input: complete ? block.input : {} }),
        };
      }
    }
  }
}
