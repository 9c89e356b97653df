/**
 * Builders for every stdout line the simulator writes, shaped like Claude Code 2.1.331's
 * stream-json output (docs/protocol.md and the transcripts in fixtures/claude-transcripts).
 *
 * Invariants:
 * - Key order mirrors the real CLI (object literals keep insertion order), e.g. a turn result
 *   begins `{"duration_api_ms":…`; hosts must not rely on it, but a faithful order catches hosts
 *   that do.
 * - Every frame carries `session_id` and a fresh v4 `uuid`; `stream_event`, `assistant` and
 *   `user` carry `parent_tool_use_id: null`; `stream_event` carries `api_message_id`.
 * - `sim_ts`, when stamped, is the last key of a `stream_event` line, so a reader can find it
 *   without parsing the rest.
 * - Builders only shape data: no I/O, no state besides the injected id generator and clock.
 */

import type { ContentItem, JsonObject, TextContent, ToolResultContent } from '../../shared/agent-messages';

export const SIM_MODEL = 'sluice-sim-1';
export const INTERRUPT_MARKER = '[Request interrupted by user]';
export const TOOL_INTERRUPT_MARKER = '[Request interrupted by user for tool use]';
const TOOL_REJECTED_TEXT =
  "The user doesn't want to proceed with this tool use. The tool use was rejected; this call was stopped " +
  'while running, not refused before it ran. STOP what you are doing and wait for the user to tell you how to proceed.';

export interface LineContext {
  sessionId: string;
  newUuid(): string;
  now(): number;
}

/** One simulated Messages API response, as the lines of its stream refer to it. */
export interface ApiMessageRef {
  id: string;
  requestId: string;
  inputTokens: number;
}

export interface StreamEventExtras {
  stamp: boolean;
  /** message_start only: time from the request to the first byte. */
  ttftMs?: number;
  /** Aborted message_stop only: the first block index the abort left unstarted. */
  abandonedFromIndex?: number;
}

export interface ResultAccounting {
  durationMs: number;
  durationApiMs: number;
  numTurns: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  totalCostUsd: number;
  cumulativeInputTokens: number;
  cumulativeOutputTokens: number;
  messageIds: readonly string[];
  queuedTurnCount: number;
  resultIndex: number;
}

function timestamp(context: LineContext): string {
  return new Date(context.now()).toISOString();
}

function startUsage(message: ApiMessageRef): JsonObject {
  return {
    input_tokens: message.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: 1,
    service_tier: 'standard',
  };
}

/** What the session runs with now: set at launch, changed by set_model / set_permission_mode. */
export interface AgentSettings {
  model: string;
  permissionMode: string;
}

export function systemInitLine(context: LineContext, cwd: string, settings: AgentSettings): JsonObject {
  return {
    type: 'system',
    subtype: 'init',
    cwd,
    session_id: context.sessionId,
    tools: [],
    mcp_servers: [],
    model: settings.model,
    permissionMode: settings.permissionMode,
    apiKeySource: 'none',
    uuid: context.newUuid(),
    sluice_simulator: true,
  };
}

export function requestingStatusLine(context: LineContext): JsonObject {
  return { type: 'system', subtype: 'status', status: 'requesting', session_id: context.sessionId, uuid: context.newUuid() };
}

export function streamEventLine(
  context: LineContext,
  message: ApiMessageRef,
  event: JsonObject,
  extras: StreamEventExtras,
): JsonObject {
  const line: JsonObject = {
    type: 'stream_event',
    event,
    session_id: context.sessionId,
    parent_tool_use_id: null,
    uuid: context.newUuid(),
  };
  if (extras.ttftMs !== undefined) {
    line.ttft_ms = extras.ttftMs;
    line.thinking_display = 'updates';
  }
  line.api_message_id = message.id;
  if (extras.abandonedFromIndex !== undefined) {
    line.abandoned_blocks = { api_message_id: message.id, from_block_index: extras.abandonedFromIndex };
  }
  if (extras.stamp) line.sim_ts = context.now();
  return line;
}

export function messageStartEvent(message: ApiMessageRef): JsonObject {
  return {
    type: 'message_start',
    message: {
      id: message.id,
      type: 'message',
      role: 'assistant',
      model: SIM_MODEL,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: startUsage(message),
    },
  };
}

export function contentBlockStartEvent(index: number, block: ContentItem): JsonObject {
  return { type: 'content_block_start', index, content_block: block };
}

export function contentBlockDeltaEvent(index: number, delta: JsonObject): JsonObject {
  return { type: 'content_block_delta', index, delta };
}

export function contentBlockStopEvent(index: number): JsonObject {
  return { type: 'content_block_stop', index };
}

export function messageDeltaEvent(stopReason: 'end_turn' | 'tool_use', outputTokens: number): JsonObject {
  return { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } };
}

/** The message_delta the real CLI synthesises for an aborted stream (stop_reason null). */
export function abortedMessageDeltaEvent(message: ApiMessageRef): JsonObject {
  return {
    type: 'message_delta',
    context_management: null,
    delta: { container: null, stop_details: null, stop_reason: null, stop_sequence: null },
    usage: {
      output_tokens_details: { thinking_tokens: 0 },
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      input_tokens: message.inputTokens,
      iterations: [],
      output_tokens: 1,
      server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
      fallback_credit: null,
    },
  };
}

export function messageStopEvent(): JsonObject {
  return { type: 'message_stop' };
}

/** One assistant line per completed (or aborted) content block; stop_reason stays null, as in the CLI. */
export function assistantLine(context: LineContext, message: ApiMessageRef, block: ContentItem, aborted: boolean): JsonObject {
  const line: JsonObject = {
    type: 'assistant',
    message: {
      id: message.id,
      type: 'message',
      role: 'assistant',
      model: SIM_MODEL,
      content: [block],
      stop_reason: null,
      stop_sequence: null,
      usage: startUsage(message),
      context_management: null,
    },
    parent_tool_use_id: null,
    session_id: context.sessionId,
    uuid: context.newUuid(),
    timestamp: timestamp(context),
    request_id: message.requestId,
  };
  if (aborted) line.aborted = true;
  return line;
}

export function interruptMarkerLine(context: LineContext, duringTool: boolean): JsonObject {
  const marker: TextContent = { type: 'text', text: duringTool ? TOOL_INTERRUPT_MARKER : INTERRUPT_MARKER };
  return {
    type: 'user',
    message: { role: 'user', content: [marker] },
    parent_tool_use_id: null,
    session_id: context.sessionId,
    uuid: context.newUuid(),
    timestamp: timestamp(context),
  };
}

export function toolResultLine(context: LineContext, toolUseId: string, output: string): JsonObject {
  const result: ToolResultContent = { tool_use_id: toolUseId, type: 'tool_result', content: output, is_error: false };
  return {
    type: 'user',
    message: { role: 'user', content: [result] },
    parent_tool_use_id: null,
    session_id: context.sessionId,
    uuid: context.newUuid(),
    timestamp: timestamp(context),
    tool_use_result: { stdout: output, stderr: '', interrupted: false, isImage: false, noOutputExpected: false },
  };
}

export function rejectedToolResultLine(context: LineContext, toolUseId: string): JsonObject {
  return {
    type: 'user',
    message: {
      role: 'user',
      content: [{ type: 'tool_result', content: TOOL_REJECTED_TEXT, is_error: true, tool_use_id: toolUseId }],
    },
    parent_tool_use_id: null,
    session_id: context.sessionId,
    uuid: context.newUuid(),
    timestamp: timestamp(context),
    tool_use_result: 'User rejected tool use',
    tool_result_meta: [{ id: toolUseId, non_execution_kind: 'user-rejected' }],
  };
}

function resultUsage(inputTokens: number, outputTokens: number): JsonObject {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function modelUsage(inputTokens: number, outputTokens: number, costUsd: number): JsonObject {
  return {
    [SIM_MODEL]: {
      inputTokens,
      outputTokens,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      webSearchRequests: 0,
      costUSD: costUsd,
      contextWindow: 200000,
      maxOutputTokens: 32000,
    },
  };
}

export function successResultLine(
  context: LineContext,
  accounting: ResultAccounting,
  finalText: string,
  ttftMs: number,
): JsonObject {
  return {
    duration_api_ms: accounting.durationApiMs,
    stop_reason: 'end_turn',
    session_id: context.sessionId,
    total_cost_usd: accounting.totalCostUsd,
    usage: resultUsage(accounting.inputTokens, accounting.outputTokens),
    modelUsage: modelUsage(accounting.cumulativeInputTokens, accounting.cumulativeOutputTokens, accounting.totalCostUsd),
    permission_denials: [],
    terminal_reason: 'completed',
    is_error: false,
    num_turns: accounting.numTurns,
    subtype: 'success',
    api_error_status: null,
    result: finalText,
    ttft_ms: ttftMs,
    type: 'result',
    duration_ms: accounting.durationMs,
    uuid: context.newUuid(),
    begun_message_ids: accounting.messageIds,
    queued_turn_count: accounting.queuedTurnCount,
    result_index: accounting.resultIndex,
    model_usage_since_last_result: modelUsage(accounting.inputTokens, accounting.outputTokens, accounting.costUsd),
  };
}

export function abortedResultLine(
  context: LineContext,
  accounting: ResultAccounting,
  terminalReason: 'aborted_streaming' | 'aborted_tools',
): JsonObject {
  const stopReason = terminalReason === 'aborted_tools' ? 'tool_use' : null;
  return {
    duration_api_ms: accounting.durationApiMs,
    stop_reason: stopReason,
    session_id: context.sessionId,
    total_cost_usd: accounting.totalCostUsd,
    usage: resultUsage(0, 0),
    permission_denials: [],
    terminal_reason: terminalReason,
    is_error: true,
    num_turns: accounting.numTurns,
    subtype: 'error_during_execution',
    errors: [`[ede_diagnostic] result_type=user last_content_type=n/a stop_reason=${String(stopReason)}`],
    type: 'result',
    duration_ms: accounting.durationMs,
    uuid: context.newUuid(),
    begun_message_ids: accounting.messageIds,
    queued_turn_count: accounting.queuedTurnCount,
    result_index: accounting.resultIndex,
  };
}

export function interruptSuccessResponse(requestId: string): JsonObject {
  return { type: 'control_response', response: { subtype: 'success', request_id: requestId, response: { still_queued: [] } } };
}

/** A successful control_response carrying `response` (set_model: `{model}`, set_permission_mode: `{mode}`). */
export function controlSuccessResponse(requestId: string, response: JsonObject): JsonObject {
  return { type: 'control_response', response: { subtype: 'success', request_id: requestId, response } };
}

export function controlErrorResponse(requestId: string, error: string): JsonObject {
  return { type: 'control_response', response: { subtype: 'error', request_id: requestId, error } };
}

/** What the CLI writes after set_permission_mode. */
export function permissionModeStatusLine(context: LineContext, permissionMode: string): JsonObject {
  return { type: 'system', subtype: 'status', status: null, permissionMode, uuid: context.newUuid(), session_id: context.sessionId };
}

export function unsupportedControlResponse(requestId: string, subtype: string): JsonObject {
  return {
    type: 'control_response',
    response: {
      subtype: 'error',
      request_id: requestId,
      error: `Unsupported control request subtype: ${subtype}`,
      error_code: 'unsupported_request',
    },
  };
}
