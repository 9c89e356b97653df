/**
 * Types and guards for the agent's stream-json messages (Claude Code's protocol; see
 * docs/protocol.md), read by the reducer and written by the simulator.
 *
 * Invariants:
 * - Types name only the fields Sluice reads or writes; every message may carry more keys, and
 *   unknown `type`s are legal (forward compatible): guards check shape, never key order.
 * - Guards never throw.
 */

export type JsonObject = Record<string, unknown>;

export interface AgentMessage extends JsonObject {
  type: string;
}

export interface SystemInitMessage extends AgentMessage {
  type: 'system';
  subtype: 'init';
  session_id: string;
  model?: string;
  cwd?: string;
}

export type TextContent = { type: 'text'; text: string };
export type ThinkingContent = { type: 'thinking'; thinking: string; signature?: string };
export type ToolUseContent = { type: 'tool_use'; id: string; name: string; input: unknown };
export type ToolResultContent = { type: 'tool_result'; tool_use_id: string; content: unknown; is_error?: boolean };
export type ContentItem = TextContent | ThinkingContent | ToolUseContent | ToolResultContent | { type: string };

export interface AssistantLine extends AgentMessage {
  type: 'assistant';
  message: { id: string; content: ContentItem[]; model?: string };
  aborted?: boolean;
  error?: string;
}

export interface UserLine extends AgentMessage {
  type: 'user';
  message: { role: 'user'; content: string | ContentItem[] };
  isReplay?: boolean;
}

export type StreamEventPayload =
  | { type: 'message_start'; message: { id: string } }
  | { type: 'content_block_start'; index: number; content_block: ContentItem }
  | {
      type: 'content_block_delta';
      index: number;
      delta:
        | { type: 'text_delta'; text: string }
        | { type: 'thinking_delta'; thinking: string }
        | { type: 'signature_delta'; signature: string }
        | { type: 'input_json_delta'; partial_json: string };
    }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason: string | null } }
  | { type: 'message_stop' };

export interface StreamEventLine extends AgentMessage {
  type: 'stream_event';
  event: StreamEventPayload;
}

export interface ResultLine extends AgentMessage {
  type: 'result';
  subtype: string;
  is_error: boolean;
  terminal_reason?: string;
  result?: string;
  errors?: string[];
  duration_ms?: number;
  num_turns?: number;
  total_cost_usd?: number;
  usage?: { input_tokens?: number; output_tokens?: number };
  session_id?: string;
  api_error_status?: number | null;
}

export interface ControlRequestLine extends AgentMessage {
  type: 'control_request';
  request_id: string;
  request: { subtype: string } & JsonObject;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isAgentMessage(value: unknown): value is AgentMessage {
  return isObject(value) && typeof value.type === 'string';
}

export function isSystemInit(message: AgentMessage): message is SystemInitMessage {
  return message.type === 'system' && message.subtype === 'init' && typeof message.session_id === 'string';
}

export function isStreamEvent(message: AgentMessage): message is StreamEventLine {
  return message.type === 'stream_event' && isObject(message.event) && typeof message.event.type === 'string';
}

export function isAssistantLine(message: AgentMessage): message is AssistantLine {
  return (
    message.type === 'assistant' &&
    isObject(message.message) &&
    typeof message.message.id === 'string' &&
    Array.isArray(message.message.content)
  );
}

export function isUserLine(message: AgentMessage): message is UserLine {
  return message.type === 'user' && isObject(message.message);
}

export function isResultLine(message: AgentMessage): message is ResultLine {
  return message.type === 'result' && typeof message.is_error === 'boolean';
}

export function isControlRequest(message: AgentMessage): message is ControlRequestLine {
  return (
    message.type === 'control_request' &&
    typeof message.request_id === 'string' &&
    isObject(message.request) &&
    typeof message.request.subtype === 'string'
  );
}

/** The stdin line that asks the agent for a turn. */
export function userInputLine(text: string): string {
  return JSON.stringify({ type: 'user', message: { role: 'user', content: text }, parent_tool_use_id: null, session_id: '' });
}

/** The stdin line that asks the agent to abort the current turn (it stays alive). */
export function interruptRequestLine(requestId: string): string {
  return JSON.stringify({ type: 'control_request', request_id: requestId, request: { subtype: 'interrupt' } });
}

/** Turn ends that mean "stopped by the person", per `terminal_reason`. */
export function isInterruptedResult(result: ResultLine): boolean {
  return result.terminal_reason === 'aborted_streaming' || result.terminal_reason === 'aborted_tools';
}
