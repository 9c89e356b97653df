/**
 * The session as a person sees it, and the patches that change it.
 *
 * Invariants:
 * - `SessionView` is plain JSON data: it crosses IPC, WebSocket and structured clone as is.
 * - Every change the core makes to what a view shows is a `SessionPatch`; the core's own copy
 *   and every view's copy are built by the same `applyPatch`, so they cannot disagree.
 * - `applyPatch` never mutates its input: it returns a new view sharing every untouched part
 *   (React and zustand rely on reference equality to skip work).
 * - Text is only ever appended (`block-append`), so a view that applied the same patches
 *   holds byte-identical text to the core, whatever the batching or coalescing in between.
 * - Warnings are bounded: the newest `WARNINGS_KEPT` are kept, `warningCount` counts all.
 */

import type { AgentError } from './agent-error';
import type { SessionSettings } from './protocol';

export type AgentKind = 'sim' | 'claude' | 'custom';

export interface AgentInfo {
  kind: AgentKind;
  /** What the status line shows, e.g. "Claude Code 2.1.331" or "Simulator". */
  label: string;
  /** The program and arguments, for display only (never sent back to be executed). */
  commandLine: string;
}

export interface TextBlock {
  kind: 'text';
  text: string;
  done: boolean;
}

export interface ThinkingBlock {
  kind: 'thinking';
  text: string;
  done: boolean;
}

export interface ToolUseBlock {
  kind: 'tool_use';
  toolUseId: string;
  name: string;
  /** The input JSON as streamed (`input_json_delta` concatenated). */
  text: string;
  done: boolean;
  /** Set at block end when `text` is not valid JSON: the raw text is kept and marked. */
  inputError?: string;
}

export type ContentBlock = TextBlock | ThinkingBlock | ToolUseBlock;

export type AssistantStatus = 'streaming' | 'complete' | 'interrupted' | 'failed';

export interface UserMessage {
  role: 'user';
  id: string;
  turnId: string;
  text: string;
  at: number;
  /**
   * Set when the message was written by Sluice on the person's behalf: `continue` asks the agent
   * to carry on after an interrupted or failed answer (shown joined to it), `retry` repeats the
   * prompt of turn `of`.
   */
  intent?: { kind: 'continue' | 'retry'; of: string };
}

export interface AssistantMessage {
  role: 'assistant';
  /** The API message id (`msg_…`) when known, else a Sluice id. */
  id: string;
  turnId: string;
  blocks: ContentBlock[];
  status: AssistantStatus;
  at: number;
  /**
   * Text length of each block when the person asked to interrupt: what lies beyond it arrived
   * afterwards (kept, shown apart, never dropped).
   */
  interruptMark?: number[];
  /** The whole message started after the interrupt was requested. */
  afterInterrupt?: boolean;
}

export interface ToolResultMessage {
  role: 'tool_result';
  id: string;
  turnId: string;
  toolUseId: string;
  text: string;
  isError: boolean;
  at: number;
}

export type ConversationMessage = UserMessage | AssistantMessage | ToolResultMessage;

export type TurnStatus = 'streaming' | 'completed' | 'interrupted' | 'failed';

export interface TurnSummary {
  durationMs?: number;
  numTurns?: number;
  costUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
}

export interface Turn {
  id: string;
  status: TurnStatus;
  startedAt: number;
  endedAt?: number;
  summary?: TurnSummary;
  error?: AgentError;
}

/** The escalation ladder of an interrupt, in order. */
export const INTERRUPT_STEPS = ['control_request', 'SIGINT', 'SIGTERM', 'SIGKILL'] as const;
export type InterruptStep = (typeof INTERRUPT_STEPS)[number];

/** An interrupt in progress: which step was last taken, and when. */
export interface InterruptState {
  turnId: string;
  step: InterruptStep;
  requestedAt: number;
  stepAt: number;
}

/** The agent asks to use a tool (Claude's `can_use_tool`): the person allows or denies it. */
export interface ApprovalRequest {
  requestId: string;
  toolName: string;
  /** The tool's input, as the agent proposes it (shown, and sent back on Allow). */
  input: unknown;
  description?: string;
  toolUseId?: string;
  at: number;
}

export interface ApiRetry {
  attempt: number;
  maxRetries: number;
  delayMs: number;
  /** The HTTP status or error kind the CLI reported, when it did. */
  error: string | null;
}

/** Lifecycle of the agent process behind the session. */
export type AgentState = 'starting' | 'ready' | 'exited';

export interface AgentExit {
  code: number | null;
  signal: string | null;
  stderrTail: string;
}

export interface StreamWarning {
  code: 'malformed-line' | 'invalid-utf8' | 'line-too-long' | 'not-an-object';
  message: string;
  /** 1-based number of the agent's stdout line this is about. */
  line: number;
}

/**
 * Sluice cannot write what it must keep on disk: the journal (lines not journaled are counted)
 * or the spill file of long texts (the text then stays in memory: nothing is lost, memory grows).
 */
export interface StorageFault {
  code: 'journal_write_failed' | 'spill_write_failed';
  message: string;
  /** Agent stdout lines that reached the view but not the journal, since the session started. */
  unjournaledLines: number;
}

export interface StreamCounters {
  /** stdout lines framed (including blank and unparsable ones). */
  lines: number;
  /** Lines parsed into agent messages. */
  messages: number;
  bytes: number;
  parseErrors: number;
  /** Lines that reached the view but not the journal (a write failed); absent while none. */
  unjournaledLines?: number;
}

export interface SessionView {
  id: string;
  agent: AgentInfo;
  agentState: AgentState;
  /** The agent's own session id (`system/init.session_id`), once known. */
  agentSessionId?: string;
  model?: string;
  cwd?: string;
  /** From the agent's `system/init`: its permission mode and how many tools it offers. */
  permissionMode?: string;
  toolCount?: number;
  /** How Sluice runs this session's agent (resolved by main; `cwd` is set for every live session). */
  settings: SessionSettings;
  messages: ConversationMessage[];
  turns: Turn[];
  exit?: AgentExit;
  /** The error that ended the agent or the last turn, shown until the next turn starts. */
  error?: AgentError;
  interrupt?: InterruptState;
  /** Set while a turn is open and the agent has written nothing for the stall threshold. */
  stalledSince?: number;
  /** Tool uses waiting for the person's answer, oldest first. */
  approvals: ApprovalRequest[];
  /** The CLI is retrying a failed API call (`system/api_retry`); cleared when output resumes. */
  apiRetry?: ApiRetry;
  warnings: StreamWarning[];
  warningCount: number;
  counters: StreamCounters;
  journalPath: string;
  /** Set while the journal or the spill file cannot be written, and after it while lines the journal lost are missing. */
  storageFault?: StorageFault;
}

export const WARNINGS_KEPT = 50;

export type SessionPatch =
  | { op: 'agent-state'; state: AgentState; exit?: AgentExit }
  | { op: 'agent-init'; agentSessionId: string; model?: string; cwd?: string; permissionMode?: string; toolCount?: number }
  | { op: 'user-message'; message: UserMessage }
  | { op: 'turn-start'; turn: Turn }
  | { op: 'turn-end'; turnId: string; status: Exclude<TurnStatus, 'streaming'>; endedAt: number; summary?: TurnSummary; error?: AgentError }
  | { op: 'assistant-start'; message: AssistantMessage }
  | { op: 'block-start'; messageId: string; index: number; block: ContentBlock }
  | { op: 'block-append'; messageId: string; index: number; text: string }
  | { op: 'block-end'; messageId: string; index: number; inputError?: string }
  | { op: 'assistant-end'; messageId: string; status: Exclude<AssistantStatus, 'streaming'> }
  | { op: 'tool-result'; message: ToolResultMessage }
  | { op: 'warning'; warning: StreamWarning }
  | { op: 'error'; error: AgentError | undefined }
  | { op: 'interrupt'; state: InterruptState | undefined }
  | { op: 'interrupt-mark'; messageId: string; lengths: number[] }
  | { op: 'stall'; since: number | undefined }
  | { op: 'approval-request'; request: ApprovalRequest }
  | { op: 'api-retry'; retry: ApiRetry | undefined }
  /** Answered by the person, or withdrawn by the agent (`control_cancel_request`, an interrupt). */
  | { op: 'approval-closed'; requestId: string }
  | { op: 'counters'; counters: StreamCounters }
  | { op: 'storage-fault'; fault: StorageFault | undefined }
  /** The session's settings changed; `model`/`permissionMode` are what the agent confirmed live. */
  | { op: 'settings'; settings: SessionSettings; model?: string; permissionMode?: string };

export function emptySessionView(id: string, agent: AgentInfo, journalPath: string): SessionView {
  return {
    id,
    agent,
    agentState: 'starting',
    messages: [],
    turns: [],
    warnings: [],
    warningCount: 0,
    approvals: [],
    settings: {},
    counters: { lines: 0, messages: 0, bytes: 0, parseErrors: 0 },
    journalPath,
  };
}

export function applyPatches(view: SessionView, patches: readonly SessionPatch[]): SessionView {
  let next = view;
  for (const patch of patches) next = applyPatch(next, patch);
  return next;
}

export function applyPatch(view: SessionView, patch: SessionPatch): SessionView {
  switch (patch.op) {
    case 'agent-state':
      return { ...view, agentState: patch.state, exit: patch.exit ?? view.exit };
    case 'agent-init':
      return {
        ...view,
        agentSessionId: patch.agentSessionId,
        model: patch.model ?? view.model,
        cwd: patch.cwd ?? view.cwd,
        permissionMode: patch.permissionMode ?? view.permissionMode,
        toolCount: patch.toolCount ?? view.toolCount,
      };
    case 'user-message':
    case 'assistant-start':
    case 'tool-result':
      return { ...view, messages: [...view.messages, patch.message] };
    case 'turn-start':
      return { ...view, turns: [...view.turns, patch.turn], error: undefined };
    case 'turn-end':
      return {
        ...view,
        turns: replaceLast(view.turns, (turn) => turn.id === patch.turnId, (turn) => ({
          ...turn,
          status: patch.status,
          endedAt: patch.endedAt,
          summary: patch.summary,
          error: patch.error,
        })),
        error: patch.error ?? view.error,
      };
    case 'block-start':
      return updateAssistant(view, patch.messageId, (message) => {
        const blocks = message.blocks.slice();
        blocks[patch.index] = patch.block;
        return { ...message, blocks };
      });
    case 'block-append':
      return updateBlock(view, patch.messageId, patch.index, (block) => ({ ...block, text: block.text + patch.text }));
    case 'block-end':
      return updateBlock(view, patch.messageId, patch.index, (block) =>
        block.kind === 'tool_use' && patch.inputError !== undefined
          ? { ...block, done: true, inputError: patch.inputError }
          : { ...block, done: true },
      );
    case 'assistant-end':
      return updateAssistant(view, patch.messageId, (message) => ({
        ...message,
        status: patch.status,
        blocks: message.blocks.map((block) => (block.done ? block : { ...block, done: true })),
      }));
    case 'warning': {
      const warnings = view.warnings.length >= WARNINGS_KEPT ? view.warnings.slice(1) : view.warnings.slice();
      warnings.push(patch.warning);
      return { ...view, warnings, warningCount: view.warningCount + 1 };
    }
    case 'error':
      return { ...view, error: patch.error };
    case 'interrupt':
      return { ...view, interrupt: patch.state };
    case 'api-retry':
      return { ...view, apiRetry: patch.retry };
    case 'approval-request':
      return { ...view, approvals: [...view.approvals, patch.request] };
    case 'approval-closed':
      return { ...view, approvals: view.approvals.filter((request) => request.requestId !== patch.requestId) };
    case 'stall':
      return { ...view, stalledSince: patch.since };
    case 'interrupt-mark':
      return updateAssistant(view, patch.messageId, (message) => ({ ...message, interruptMark: patch.lengths }));
    case 'counters':
      return { ...view, counters: patch.counters };
    case 'storage-fault':
      return { ...view, storageFault: patch.fault };
    case 'settings':
      return { ...view, settings: patch.settings, model: patch.model ?? view.model, permissionMode: patch.permissionMode ?? view.permissionMode };
  }
}

/** What a patch costs to hold, ship and draw, roughly, beside the text it carries. */
export const PATCH_OVERHEAD_BYTES = 64;

/** The weight of some patches: the text they carry plus a fixed overhead each. */
export function patchesWeight(patches: readonly SessionPatch[]): number {
  let bytes = 0;
  for (const patch of patches) bytes += patchWeight(patch);
  return bytes;
}

function patchWeight(patch: SessionPatch): number {
  if (patch.op === 'block-append') return PATCH_OVERHEAD_BYTES + patch.text.length;
  if (patch.op === 'user-message' || patch.op === 'tool-result') return PATCH_OVERHEAD_BYTES + patch.message.text.length;
  return PATCH_OVERHEAD_BYTES;
}

/**
 * Splits patches into a head that weighs at most `maxBytes` and the rest, losslessly: applying
 * the head then the rest equals applying them all. A text append that straddles the limit is
 * cut in two appends (never inside a surrogate pair); the head is never empty when there are
 * patches, so a single patch heavier than the limit that cannot be cut goes alone.
 */
export function splitPatches(patches: readonly SessionPatch[], maxBytes: number): { head: SessionPatch[]; rest: SessionPatch[] } {
  let spent = 0;
  for (let i = 0; i < patches.length; i++) {
    const patch = patches[i]!;
    const weight = patchWeight(patch);
    if (spent + weight <= maxBytes) {
      spent += weight;
      continue;
    }
    if (patch.op === 'block-append') {
      let room = maxBytes - spent - PATCH_OVERHEAD_BYTES;
      if (room > 0 && isLowSurrogate(patch.text.charCodeAt(room))) room--;
      if (room > 0) {
        return {
          head: [...patches.slice(0, i), { ...patch, text: patch.text.slice(0, room) }],
          rest: [{ ...patch, text: patch.text.slice(room) }, ...patches.slice(i + 1)],
        };
      }
    }
    const cut = Math.max(i, 1);
    return { head: patches.slice(0, cut), rest: patches.slice(cut) };
  }
  return { head: patches.slice(), rest: [] };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Folds adjacent appends to the same block into one; the concatenated text is identical. */
export function coalescePatches(patches: readonly SessionPatch[]): SessionPatch[] {
  const out: SessionPatch[] = [];
  for (const patch of patches) {
    const last = out[out.length - 1];
    if (
      patch.op === 'block-append' &&
      last?.op === 'block-append' &&
      last.messageId === patch.messageId &&
      last.index === patch.index
    ) {
      out[out.length - 1] = { ...last, text: last.text + patch.text };
    } else if (patch.op === 'counters' && last?.op === 'counters') {
      out[out.length - 1] = patch;
    } else {
      out.push(patch);
    }
  }
  return out;
}

function updateAssistant(
  view: SessionView,
  messageId: string,
  update: (message: AssistantMessage) => AssistantMessage,
): SessionView {
  const messages = replaceLast(
    view.messages,
    (message) => message.role === 'assistant' && message.id === messageId,
    (message) => update(message as AssistantMessage),
  );
  return messages === view.messages ? view : { ...view, messages };
}

function updateBlock(
  view: SessionView,
  messageId: string,
  index: number,
  update: (block: ContentBlock) => ContentBlock,
): SessionView {
  return updateAssistant(view, messageId, (message) => {
    const block = message.blocks[index];
    if (block === undefined) return message;
    const blocks = message.blocks.slice();
    blocks[index] = update(block);
    return { ...message, blocks };
  });
}

/** Replaces the last item matching `match`; searching from the end finds the live message at once. */
function replaceLast<T>(items: readonly T[], match: (item: T) => boolean, update: (item: T) => T): T[] {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as T;
    if (match(item)) {
      const next = items.slice();
      next[i] = update(item);
      return next;
    }
  }
  return items as T[];
}
