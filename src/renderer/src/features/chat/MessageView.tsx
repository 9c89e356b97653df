/**
 * One message of the transcript: the person's (a right-aligned bubble), the assistant's (an
 * article of blocks with a caret while it streams) or a tool's result (collapsed).
 *
 * Invariant: memoized on the message object. `applyPatch` gives only the changed message a
 * new identity, so while the last message streams the others do not re-render.
 */

import { memo } from 'react';
import type { AssistantMessage, ConversationMessage, ToolResultMessage, UserMessage } from '../../../../shared/session-view';
import { BlockView, StreamingCaret } from './BlockView';

export const MessageView = memo(function MessageView({ message }: { message: ConversationMessage }) {
  switch (message.role) {
    case 'user':
      return <UserMessageView message={message} />;
    case 'assistant':
      return <AssistantMessageView message={message} />;
    case 'tool_result':
      return <ToolResultView message={message} />;
  }
});

function UserMessageView({ message }: { message: UserMessage }) {
  return (
    <article className="message message-user" aria-label="Your message">
      <div className="bubble">{message.text}</div>
    </article>
  );
}

function AssistantMessageView({ message }: { message: AssistantMessage }) {
  const streaming = message.status === 'streaming';
  const last = message.blocks.length - 1;
  return (
    <article className="message message-assistant" aria-label="Assistant message" aria-busy={streaming}>
      {(message.status === 'interrupted' || message.status === 'failed') && (
        <div className="message-badges">
          <span className={`badge badge-${message.status}`}>{message.status === 'interrupted' ? 'Interrupted' : 'Failed'}</span>
        </div>
      )}
      {message.blocks.map((block, index) => (
        // Blocks are only ever added at their index and never reordered: the index is their identity.
        <BlockView key={index} block={block} caret={streaming && index === last} />
      ))}
      {streaming && message.blocks.length === 0 && (
        <div className="block-text block-waiting">
          <StreamingCaret />
        </div>
      )}
    </article>
  );
}

function ToolResultView({ message }: { message: ToolResultMessage }) {
  const summary = preview(message.text);
  return (
    <article className={`message message-tool-result${message.isError ? ' is-error' : ''}`} aria-label="Tool result">
      <details className="tool-result">
        <summary>
          <span className="tool-result-title">Tool result</span>
          {message.isError && <span className="badge badge-failed">Error</span>}
          {summary !== '' && <span className="tool-result-preview">{summary}</span>}
        </summary>
        <pre className="tool-result-output">{message.text === '' ? '(no output)' : message.text}</pre>
      </details>
    </article>
  );
}

const PREVIEW_CHARS = 120;

/** The start of the output on one line; read from a bounded prefix, whatever the output's size. */
function preview(text: string): string {
  const flat = text.slice(0, PREVIEW_CHARS * 2).replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_CHARS || text.length > PREVIEW_CHARS * 2 ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}
