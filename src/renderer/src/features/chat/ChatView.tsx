/**
 * The transcript: every message of the session, newest at the bottom, pinned there while the
 * answer streams unless the person scrolled up (then a "Jump to latest" button appears).
 *
 * Invariant: it subscribes to the messages array only. Each message view is memoized, so a
 * streaming frame re-renders this list and the one message that changed, nothing else.
 */

import { useAppStore } from '../../store/store-context';
import { selectMessages } from '../../store/selectors';
import { EmptyState } from './EmptyState';
import { MessageView } from './MessageView';
import { useStickToBottom } from './use-stick-to-bottom';

export function ChatView() {
  const messages = useAppStore(selectMessages);
  const { scrollRef, stuck, onScroll, jumpToLatest } = useStickToBottom(messages);
  const empty = messages === undefined || messages.length === 0;

  return (
    <div className="transcript-frame">
      <section aria-label="Conversation" className="transcript" ref={scrollRef} onScroll={onScroll} tabIndex={-1}>
        <div className="transcript-column">
          {empty ? <EmptyState /> : messages.map((message) => <MessageView key={`${message.role}:${message.id}`} message={message} />)}
        </div>
      </section>
      {!stuck && !empty && (
        <button type="button" className="jump-to-latest" onClick={jumpToLatest}>
          Jump to latest <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}
