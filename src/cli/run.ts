/**
 * `sluice run`: one turn, headless, through the same session pipeline as the app, then exit.
 *
 * Invariants:
 * - With --json, stdout carries exactly one JSON object (`RunReport`), also on failure
 *   (e.g. `cli-not-found`); human text goes to stderr.
 * - Without --json the reply's text streams to stdout as it arrives.
 * - The exit code is 0 only for `completed`.
 * - A journal that cannot be written (a data folder that is not one, a full disk) fails the run
 *   with `journal_write_failed` and a non-zero exit, never a stack trace.
 * - `interruptAfterMs` and Ctrl+C (`interruptSignal`) stop the turn through the same interrupt
 *   ladder as the app's button; the report then says `interrupted`.
 */

import { SluiceError, agentError, type AgentError } from '../shared/agent-error';
import type { AssistantMessage, SessionView } from '../shared/session-view';
import type { AgentLaunch } from '../core/agent/agent-launch';
import { createCore, type SluiceCore } from '../core/core';

export interface RunReport {
  status: 'completed' | 'interrupted' | 'failed';
  sessionId: string | null;
  agentSessionId: string | null;
  assistantText: string;
  messages: number;
  parseErrors: number;
  bytes: number;
  journal: string | null;
  exitCode: number | null;
  error: AgentError | null;
}

export interface RunOptions {
  prompt: string;
  json: boolean;
  dataDir: string;
  version: string;
  resolveLaunch: () => AgentLaunch;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  interruptAfterMs?: number;
  /** Registers a handler for the person's Ctrl+C; returns its removal. */
  onInterruptSignal?: (interrupt: () => void) => () => void;
}

export async function runOnce(options: RunOptions): Promise<RunReport> {
  let core: SluiceCore;
  try {
    const launch = options.resolveLaunch();
    // A data folder that cannot be written is refused here, typed (journal_write_failed).
    core = createCore({ dataDir: options.dataDir, launch, transport: 'in-process', version: options.version });
  } catch (error) {
    const typed = error instanceof SluiceError ? error.toAgentError() : agentError('agent-spawn-failed', (error as Error).message);
    return failedBeforeStart(typed);
  }
  const { session } = core;
  if (!options.json) {
    const textBlocks = new Set<string>();
    let printedAny = false;
    session.subscribe((event) => {
      if (event.kind !== 'patches') return;
      for (const patch of event.patches) {
        if (patch.op === 'block-start' && patch.block.kind === 'text') {
          textBlocks.add(`${patch.messageId}#${patch.index}`);
          if (printedAny) options.stdout.write('\n\n');
        }
        if (patch.op === 'block-append' && textBlocks.has(`${patch.messageId}#${patch.index}`)) {
          options.stdout.write(patch.text);
          printedAny = true;
        }
        if (patch.op === 'warning') options.stderr.write(`sluice: warning: ${patch.warning.message}\n`);
      }
    });
  }
  const { turnId } = session.send(options.prompt);
  const interrupt = (): void => void session.interrupt();
  const timer = options.interruptAfterMs === undefined ? undefined : setTimeout(interrupt, options.interruptAfterMs);
  const removeSignalHandler = options.onInterruptSignal?.(interrupt);
  const turn = await session.turnEnded(turnId);
  clearTimeout(timer);
  removeSignalHandler?.();
  await core.close();
  const view = session.view;
  if (!options.json) options.stdout.write('\n');
  return {
    status: turn.status === 'streaming' ? 'failed' : turn.status,
    sessionId: view.id,
    agentSessionId: view.agentSessionId ?? null,
    assistantText: assistantText(view, turnId),
    messages: view.counters.messages,
    parseErrors: view.counters.parseErrors,
    bytes: view.counters.bytes,
    journal: view.journalPath,
    exitCode: view.exit?.code ?? null,
    error: turn.error ?? view.error ?? null,
  };
}

/** The turn's text blocks in order; separate assistant messages are joined by a blank line. */
export function assistantText(view: SessionView, turnId: string): string {
  return view.messages
    .filter((message): message is AssistantMessage => message.role === 'assistant' && message.turnId === turnId)
    .map((message) => message.blocks.flatMap((block) => (block.kind === 'text' ? [block.text] : [])).join(''))
    .filter((text) => text !== '')
    .join('\n\n');
}

function failedBeforeStart(error: AgentError): RunReport {
  return {
    status: 'failed',
    sessionId: null,
    agentSessionId: null,
    assistantText: '',
    messages: 0,
    parseErrors: 0,
    bytes: 0,
    journal: null,
    exitCode: null,
    error,
  };
}
