/**
 * Folds the agent's stream-json messages into conversation patches.
 *
 * Invariants:
 * - Text only grows by appends, so the text of every block equals the concatenation of its
 *   deltas (`text_delta`, `thinking_delta`, `input_json_delta`), in arrival order.
 * - The complete `assistant` line that the CLI sends for each block (before
 *   `content_block_stop`) never duplicates streamed text: when it holds more than the deltas
 *   did (its start matching the streamed text's fingerprint), only the missing suffix is
 *   appended; when the message was never streamed (no
 *   `--include-partial-messages`), its blocks are taken from the `assistant` lines alone.
 * - `aborted:true` or an `aborted_*` result marks the message `interrupted`; every assistant
 *   message still open when its turn's `result` arrives is closed by it.
 * - Tool input JSON is parsed at `content_block_stop`; when it does not parse, the raw text is
 *   kept and the block carries `inputError`.
 * - Unknown message types, unknown block types and unknown delta types are ignored, never fatal.
 * - Per-turn cost is the difference of the CLI's cumulative `total_cost_usd`.
 * - Memory does not grow with a reply's length: streamed text and thinking are remembered as a
 *   fingerprint (text-fingerprint.ts); only a tool call's input is held, until its block ends.
 */

import {
  isAssistantLine,
  isInterruptedResult,
  isResultLine,
  isStreamEvent,
  isSystemInit,
  isUserLine,
  type AgentMessage,
  type AssistantLine,
  type ContentItem,
  type ResultLine,
  type StreamEventPayload,
  type SystemInitMessage,
  type UserLine,
} from '../../shared/agent-messages';
import { agentError, type AgentError } from '../../shared/agent-error';
import type { AssistantStatus, ContentBlock, SessionPatch, TurnStatus } from '../../shared/session-view';
import { TextFingerprint } from './text-fingerprint';

interface OpenMessage {
  id: string;
  /** True once a `message_start` was seen: the deltas carry the text. */
  streamed: boolean;
  aborted: boolean;
  /** Per block index: what was received, for reconciliation, and a tool's input, for parsing. */
  blocks: Map<number, OpenBlock>;
  nextIndex: number;
}

interface OpenBlock {
  kind: ContentBlock['kind'];
  /** Text and thinking are fingerprinted, never held (a reply may be hundreds of megabytes). */
  received: TextFingerprint;
  /** A tool call's input JSON so far (parsed when the block ends). */
  toolInput: string;
  done: boolean;
}

function openBlock(kind: ContentBlock['kind'], text: string): OpenBlock {
  const block: OpenBlock = { kind, received: new TextFingerprint(), toolInput: '', done: false };
  extendBlock(block, text);
  return block;
}

function extendBlock(block: OpenBlock, text: string): void {
  block.received.extend(text);
  if (block.kind === 'tool_use') block.toolInput += text;
}

export class ConversationReducer {
  private turnId: string | null = null;
  private message: OpenMessage | null = null;
  private openMessages = new Map<string, OpenMessage>();
  private lastTotalCostUsd = 0;
  /** The last `agent-init` passed on, serialized, so an unchanged one is not repeated every turn. */
  private lastInitFacts: string | undefined;
  private authFailed = false;
  private retrying = false;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  beginTurn(turnId: string): void {
    this.turnId = turnId;
    this.authFailed = false;
  }

  get currentTurnId(): string | null {
    return this.turnId;
  }

  apply(message: AgentMessage, out: SessionPatch[]): void {
    if (message.type === 'system' && message.subtype === 'api_retry') {
      this.onApiRetry(message, out);
      return;
    }
    if (this.retrying && (message.type === 'stream_event' || message.type === 'assistant' || message.type === 'result')) {
      this.retrying = false;
      out.push({ op: 'api-retry', retry: undefined });
    }
    if (isStreamEvent(message)) this.onStreamEvent(message.event, out);
    else if (isAssistantLine(message)) this.onAssistant(message, out);
    else if (isUserLine(message)) this.onUser(message, out);
    else if (isResultLine(message)) this.onResult(message, out);
    else if (isSystemInit(message)) this.onInit(message, out);
  }

  /**
   * Ends the open turn when the agent died before its `result`: `failed`, or `interrupted` when
   * the death was the end of an interrupt's escalation.
   */
  failTurn(error: AgentError, out: SessionPatch[], status: 'failed' | 'interrupted' = 'failed'): void {
    if (this.turnId === null) {
      out.push({ op: 'error', error });
      return;
    }
    this.closeMessages(status, out);
    out.push({ op: 'turn-end', turnId: this.turnId, status, endedAt: this.now(), error });
    this.turnId = null;
  }

  /** `system/api_retry`: the CLI waits before trying the API again; shown live until output resumes. */
  private onApiRetry(message: AgentMessage, out: SessionPatch[]): void {
    const number = (value: unknown): number => (typeof value === 'number' ? value : 0);
    const status = message.error_status ?? message.error;
    this.retrying = true;
    out.push({
      op: 'api-retry',
      retry: {
        attempt: number(message.attempt),
        maxRetries: number(message.max_retries),
        delayMs: number(message.retry_delay_ms),
        error: status === null || status === undefined ? null : String(status),
      },
    });
  }

  /**
   * `system/init` opens every turn; its facts are passed on when they differ from the last ones
   * passed on (a new session, or a resumed one whose model or mode changed meanwhile).
   */
  private onInit(init: SystemInitMessage, out: SessionPatch[]): void {
    const patch: SessionPatch = {
      op: 'agent-init',
      agentSessionId: init.session_id,
      model: typeof init.model === 'string' ? init.model : undefined,
      cwd: typeof init.cwd === 'string' ? init.cwd : undefined,
      permissionMode: typeof init.permissionMode === 'string' ? init.permissionMode : undefined,
      toolCount: Array.isArray(init.tools) ? init.tools.length : undefined,
    };
    const facts = JSON.stringify(patch);
    if (facts === this.lastInitFacts) return;
    this.lastInitFacts = facts;
    out.push(patch);
  }

  private onStreamEvent(event: StreamEventPayload, out: SessionPatch[]): void {
    switch (event.type) {
      case 'message_start': {
        const id = typeof event.message?.id === 'string' ? event.message.id : `msg_${this.now()}`;
        const message = this.startMessage(id, out);
        message.streamed = true;
        return;
      }
      case 'content_block_start': {
        const message = this.message;
        const block = message && blockFromContent(event.content_block);
        if (!message || !block) return;
        message.blocks.set(event.index, openBlock(block.kind, block.text));
        message.nextIndex = Math.max(message.nextIndex, event.index + 1);
        out.push({ op: 'block-start', messageId: message.id, index: event.index, block });
        return;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        const text =
          delta.type === 'text_delta' ? delta.text
          : delta.type === 'thinking_delta' ? delta.thinking
          : delta.type === 'input_json_delta' ? delta.partial_json
          : undefined;
        if (typeof text === 'string' && text.length > 0) this.append(event.index, text, out);
        return;
      }
      case 'content_block_stop':
        if (this.message) this.endBlock(this.message, event.index, out);
        return;
      case 'message_stop': {
        const message = this.message;
        if (message) this.endMessage(message, message.aborted ? 'interrupted' : 'complete', out);
        return;
      }
    }
  }

  private onAssistant(line: AssistantLine, out: SessionPatch[]): void {
    if (line.error === 'authentication_failed') this.authFailed = true;
    const message = this.openMessages.get(line.message.id) ?? this.startMessage(line.message.id, out);
    if (line.aborted === true) message.aborted = true;
    for (const item of line.message.content) {
      const full = blockFromContent(item);
      if (!full) continue;
      if (message.streamed) this.reconcile(message, full, out);
      else {
        const index = message.nextIndex++;
        message.blocks.set(index, openBlock(full.kind, full.text));
        out.push({ op: 'block-start', messageId: message.id, index, block: { ...full, text: '' } });
        if (full.text.length > 0) out.push({ op: 'block-append', messageId: message.id, index, text: full.text });
        this.endBlock(message, index, out);
      }
    }
  }

  /** Appends what the complete block holds beyond the streamed text of the last open block. */
  private reconcile(message: OpenMessage, full: ContentBlock, out: SessionPatch[]): void {
    let index = -1;
    for (const [candidate, block] of message.blocks) if (!block.done && block.kind === full.kind) index = candidate;
    const block = message.blocks.get(index);
    if (!block || full.kind === 'tool_use') return;
    if (full.text.length > block.received.length && block.received.matchesPrefixOf(full.text)) {
      this.append(index, full.text.slice(block.received.length), out);
    }
  }

  private onUser(line: UserLine, out: SessionPatch[]): void {
    if (line.isReplay === true || this.turnId === null || typeof line.message.content === 'string') return;
    for (const item of line.message.content) {
      if (item.type !== 'tool_result' || !('tool_use_id' in item)) continue;
      out.push({
        op: 'tool-result',
        message: {
          role: 'tool_result',
          id: `${item.tool_use_id}:result`,
          turnId: this.turnId,
          toolUseId: item.tool_use_id,
          text: toolResultText(item.content),
          isError: item.is_error === true,
          at: this.now(),
        },
      });
    }
  }

  private onResult(result: ResultLine, out: SessionPatch[]): void {
    const costUsd = typeof result.total_cost_usd === 'number' ? result.total_cost_usd - this.lastTotalCostUsd : undefined;
    if (typeof result.total_cost_usd === 'number') this.lastTotalCostUsd = result.total_cost_usd;
    const interrupted = isInterruptedResult(result);
    const status: Exclude<TurnStatus, 'streaming'> = interrupted ? 'interrupted' : result.is_error ? 'failed' : 'completed';
    const error = status === 'failed' ? this.resultError(result) : undefined;
    if (this.turnId === null) {
      if (error) out.push({ op: 'error', error });
      return;
    }
    this.closeMessages(status === 'completed' ? 'complete' : status, out);
    out.push({
      op: 'turn-end',
      turnId: this.turnId,
      status,
      endedAt: this.now(),
      summary: {
        durationMs: result.duration_ms,
        numTurns: result.num_turns,
        costUsd,
        inputTokens: result.usage?.input_tokens,
        outputTokens: result.usage?.output_tokens,
      },
      error,
    });
    this.turnId = null;
  }

  private resultError(result: ResultLine): AgentError {
    const detail = [result.result, ...(result.errors ?? [])].filter((part) => typeof part === 'string' && part !== '').join('\n');
    if (/invalid api key/i.test(detail)) {
      return agentError('auth-required', 'The API key was refused. Check or replace ANTHROPIC_API_KEY (or run `claude /login` to use your account).', detail);
    }
    if (this.authFailed || /not logged in|authenticat/i.test(detail)) {
      return agentError('auth-required', 'The agent is not logged in. Run `claude /login` in a terminal, or set ANTHROPIC_API_KEY.', detail);
    }
    if (/no conversation found/i.test(detail)) {
      return agentError('session-not-found', 'The agent has no conversation with this session id to resume; start a new session.', detail);
    }
    if (result.terminal_reason === 'api_error' || typeof result.api_error_status === 'number') {
      return agentError('api-error', 'The model API failed for this turn; see the details, then Retry.', detail);
    }
    return agentError('turn-failed', `The turn ended with an error (${result.terminal_reason ?? result.subtype}).`, detail);
  }

  private startMessage(id: string, out: SessionPatch[]): OpenMessage {
    const existing = this.openMessages.get(id);
    if (existing) return existing;
    const message: OpenMessage = { id, streamed: false, aborted: false, blocks: new Map(), nextIndex: 0 };
    this.openMessages.set(id, message);
    this.message = message;
    out.push({
      op: 'assistant-start',
      message: { role: 'assistant', id, turnId: this.turnId ?? '', blocks: [], status: 'streaming', at: this.now() },
    });
    return message;
  }

  private append(index: number, text: string, out: SessionPatch[]): void {
    const message = this.message;
    const block = message?.blocks.get(index);
    if (!message || !block || block.done) return;
    extendBlock(block, text);
    out.push({ op: 'block-append', messageId: message.id, index, text });
  }

  private endBlock(message: OpenMessage, index: number, out: SessionPatch[]): void {
    const block = message.blocks.get(index);
    if (!block || block.done) return;
    block.done = true;
    const inputError = block.kind === 'tool_use' ? toolInputError(block.toolInput) : undefined;
    out.push(inputError === undefined
      ? { op: 'block-end', messageId: message.id, index }
      : { op: 'block-end', messageId: message.id, index, inputError });
  }

  private endMessage(message: OpenMessage, status: Exclude<AssistantStatus, 'streaming'>, out: SessionPatch[]): void {
    if (!this.openMessages.delete(message.id)) return;
    for (const index of message.blocks.keys()) this.endBlock(message, index, out);
    if (this.message === message) this.message = null;
    out.push({ op: 'assistant-end', messageId: message.id, status: message.aborted && status === 'complete' ? 'interrupted' : status });
  }

  private closeMessages(status: Exclude<AssistantStatus, 'streaming'>, out: SessionPatch[]): void {
    for (const message of [...this.openMessages.values()]) this.endMessage(message, status, out);
  }
}

function blockFromContent(item: ContentItem): ContentBlock | null {
  switch (item.type) {
    case 'text':
      return { kind: 'text', text: 'text' in item && typeof item.text === 'string' ? item.text : '', done: false };
    case 'thinking':
      return { kind: 'thinking', text: 'thinking' in item && typeof item.thinking === 'string' ? item.thinking : '', done: false };
    case 'tool_use': {
      const tool = item as Extract<ContentItem, { type: 'tool_use' }>;
      const input = tool.input;
      const hasInput = typeof input === 'object' && input !== null && Object.keys(input).length > 0;
      return {
        kind: 'tool_use',
        toolUseId: String(tool.id ?? ''),
        name: String(tool.name ?? 'tool'),
        text: hasInput ? JSON.stringify(input) : '',
        done: false,
      };
    }
    default:
      return null;
  }
}

function toolInputError(json: string): string | undefined {
  if (json.trim() === '') return undefined;
  try {
    JSON.parse(json);
    return undefined;
  } catch (error) {
    return `Tool input is not valid JSON: ${(error as Error).message}`;
  }
}

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : JSON.stringify(part))).join('\n');
  }
  return content === undefined ? '' : JSON.stringify(content);
}
