/**
 * One message of the transcript: the person's (a right-aligned bubble), the assistant's (an
 * article of blocks with a caret while it streams) or a tool's result (collapsed).
 *
 * Invariants:
 * - Memoized on the message object. `applyPatch` gives only the changed message a new
 *   identity, so while the last message streams the others do not re-render.
 * - Once the person interrupts, the message stops growing on screen: text beyond the core's
 *   `interruptMark` and messages that started afterwards are kept and counted, shown apart.
 * - What it knows beyond the message comes in as props (transcript-facts.ts): a pure view, it
 *   reads nothing from the store.
 * - Sluice's own request to continue is not shown as the person's bubble but as a slim
 *   "Continued" divider, and the answer after it is drawn joined to the partial one.
 */

import { memo, useState } from 'react';
import type { AssistantMessage, ContentBlock, ConversationMessage, ToolResultMessage, Turn, UserMessage } from '../../../../shared/session-view';
import { ContinueDivider } from '../recovery/ContinueDivider';
import { formatDuration, turnElapsedMs, turnSummaryText } from '../recovery/recovery-text';
import { formatCount } from '../status/human-units';
import { BlockView, StreamingCaret } from './BlockView';
import { LargeText, PIECE_CHARS } from './LargeText';
import type { PromptKind } from './transcript-facts';
import { oneLinePreview } from './one-line-preview';

export interface MessageViewProps {
  message: ConversationMessage;
  /** The message's turn, when known: elapsed time and the summary footer come from it. */
  turn?: Turn | undefined;
  /** The last assistant message of its turn: the one that carries the turn's summary. */
  endsTurn?: boolean;
  /** An assistant message continuing a cut-off answer (drawn joined to it). */
  continues?: boolean;
  /** How a user message reads (transcript-facts.ts). */
  promptKind?: PromptKind;
}

export const MessageView = memo(function MessageView({ message, turn, endsTurn = false, continues = false, promptKind = 'typed' }: MessageViewProps) {
  switch (message.role) {
    case 'user':
      if (promptKind === 'continue' || promptKind === 'continue-retry') return <ContinueDivider retried={promptKind === 'continue-retry'} />;
      return <UserMessageView message={message} retry={promptKind === 'retry'} />;
    case 'assistant':
      return <AssistantMessageView message={message} turn={turn} endsTurn={endsTurn} continues={continues} />;
    case 'tool_result':
      return <ToolResultView message={message} />;
  }
});

function UserMessageView({ message, retry }: { message: UserMessage; retry: boolean }) {
  return (
    <article className="message message-user" aria-label="Your message">
      {retry && (
        <span className="retry-tag" title="Sluice sent this prompt again">
          Retry
        </span>
      )}
      <div className="bubble">{message.text}</div>
    </article>
  );
}

interface AssistantMessageViewProps {
  message: AssistantMessage;
  turn: Turn | undefined;
  endsTurn: boolean;
  continues: boolean;
}

function AssistantMessageView({ message, turn, endsTurn, continues }: AssistantMessageViewProps) {
  const streaming = message.status === 'streaming';
  const { shown, lateChars } = splitAtInterrupt(message);
  const last = shown.length - 1;
  const body = (
    <>
      {shown.map((block, index) => (
        // Blocks are only ever added at their index and never reordered: the index is their identity.
        <BlockView key={index} block={block} caret={streaming && message.interruptMark === undefined && index === last} />
      ))}
      {streaming && shown.length === 0 && message.interruptMark === undefined && (
        <div className="block-text block-waiting">
          <StreamingCaret />
        </div>
      )}
    </>
  );
  const summary = endsTurn && turn?.status === 'completed' ? turnSummaryText(turn) : null;
  const article = (
    <article
      className={`message message-assistant${continues ? ' is-continuation' : ''}`}
      aria-label="Assistant message"
      aria-busy={streaming}
    >
      {(message.status === 'interrupted' || message.status === 'failed') && (
        <div className="message-badges">
          <span className={`badge badge-${message.status}`}>{message.status === 'interrupted' ? 'Interrupted' : 'Failed'}</span>
          <span className="badge-detail">{receivedSummary(message, turnElapsedMs(turn))}</span>
        </div>
      )}
      {message.afterInterrupt === true ? (
        <details className="after-interrupt">
          <summary>Arrived after you interrupted (kept)</summary>
          {body}
        </details>
      ) : (
        body
      )}
      {lateChars > 0 && (
        <p className="after-interrupt-note">
          {lateChars.toLocaleString()} more characters arrived after you interrupted —{' '}
          {turn?.error?.code === 'journal_write_failed' ? 'not shown, and the journal could not record them.' : 'kept in the journal, not shown.'}
        </p>
      )}
    </article>
  );
  if (summary === null) return article;
  // Beside the article, not in it: the article holds exactly what the agent wrote.
  return (
    <>
      {article}
      <p className="turn-summary" title="This turn: duration, tokens in and out, cost">
        {summary}
      </p>
    </>
  );
}

/** The blocks as they stood when the person interrupted, and how much arrived afterwards. */
function splitAtInterrupt(message: AssistantMessage): { shown: ContentBlock[]; lateChars: number } {
  const mark = message.interruptMark;
  if (mark === undefined) return { shown: message.blocks, lateChars: 0 };
  let lateChars = 0;
  const shown: ContentBlock[] = [];
  message.blocks.forEach((block, index) => {
    const keep = mark[index];
    if (keep === undefined) {
      lateChars += block.text.length;
      return;
    }
    lateChars += Math.max(0, block.text.length - keep);
    shown.push(block.text.length > keep ? { ...block, text: block.text.slice(0, keep) } : block);
  });
  return { shown, lateChars };
}

/**
 * What was received before the turn stopped, as a person counts it (characters, blocks), and how
 * long the turn ran: "1,234 characters · 1 block · 3.2 s".
 */
export function receivedSummary(message: AssistantMessage, elapsedMs: number | undefined): string {
  const chars = message.blocks.reduce((sum, block) => sum + block.text.length, 0);
  const blocks = message.blocks.length;
  const received = `${formatCount(chars)} ${chars === 1 ? 'character' : 'characters'} · ${blocks} ${blocks === 1 ? 'block' : 'blocks'}`;
  return elapsedMs === undefined ? received : `${received} · ${formatDuration(elapsedMs)}`;
}

/** The output goes into the page only once the person opens it, laid out in pieces (LargeText.tsx). */
function ToolResultView({ message }: { message: ToolResultMessage }) {
  const summary = oneLinePreview(message.text);
  const [open, setOpen] = useState(false);
  return (
    <article className={`message message-tool-result${message.isError ? ' is-error' : ''}`} aria-label="Tool result">
      <details className="tool-result" onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <span className="tool-result-title">Tool result</span>
          {message.isError && <span className="badge badge-failed">Error</span>}
          {summary !== '' && <span className="fold-preview">{summary}</span>}
          {message.text.length > PIECE_CHARS && <span className="tool-result-size">{formatCount(message.text.length)} characters</span>}
        </summary>
        {open && (message.text === '' ? <pre className="tool-result-output">(no output)</pre> : <LargeText text={message.text} className="tool-result-output" />)}
      </details>
    </article>
  );
}
