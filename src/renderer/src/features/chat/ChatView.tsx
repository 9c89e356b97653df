/**
 * The transcript: every message of the session, newest at the bottom, pinned there while the
 * answer streams unless the person scrolled up (then a "Jump to latest" button appears).
 *
 * Invariants:
 * - It subscribes to the messages array only. Each message view is memoized, so a streaming
 *   frame re-renders this list and the one message that changed, nothing else.
 * - Virtualized (@tanstack/react-virtual): only the messages in and near the viewport are in
 *   the DOM, whatever the conversation's length, so a long session costs the same per frame as
 *   a short one. Rows are measured as rendered (`measureElement`), so heights are exact once
 *   seen and a streaming message may grow freely.
 * - Stick-to-bottom is decided by use-stick-to-bottom.ts from scroll positions; the list's total
 *   height is part of what it watches, so a row that grows after measurement keeps it pinned.
 * - The region keeps its accessible name (`Conversation`) and each message keeps its role
 *   (`article`), as before virtualization.
 * - Besides the messages it subscribes to the turns array, which changes only when a turn starts
 *   or ends; what a row needs from its neighbours is worked out for rendered rows only
 *   (transcript-facts.ts).
 */

import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef } from 'react';
import type { ConversationMessage, Turn } from '../../../../shared/session-view';
import { useAppStore } from '../../store/store-context';
import { selectMessages } from '../../store/selectors';
import { RecoveryActions } from '../recovery/RecoveryActions';
import { EmptyState } from './EmptyState';
import { MessageView } from './MessageView';
import { continuesAnswer, endsTurnAnswer, isRecoverable, promptKind, recoveryHostIndex } from './transcript-facts';
import { useStickToBottom } from './use-stick-to-bottom';

const NO_MESSAGES: readonly ConversationMessage[] = [];
const NO_TURNS: readonly Turn[] = [];
/** Space between messages, and above the first / below the last (px). */
const MESSAGE_GAP = 20;
const PADDING_TOP = 24;
const PADDING_BOTTOM = 32;
/** Rows beyond the viewport kept rendered, so a quick scroll does not show blank space. */
const OVERSCAN = 6;
/** Server rendering (tests) has no viewport to measure: assume a window-sized one. */
const INITIAL_RECT = { width: 800, height: 900 };

export function ChatView() {
  const messages = useAppStore(selectMessages) ?? NO_MESSAGES;
  const turns = useAppStore((state) => state.session?.turns) ?? NO_TURNS;
  const empty = messages.length === 0;
  const turnsById = useMemo(() => new Map(turns.map((turn) => [turn.id, turn])), [turns]);
  const lastTurn = turns[turns.length - 1];
  const hostIndex = recoveryHostIndex(messages, lastTurn);

  const estimateSize = useCallback((index: number) => estimateHeight(messages[index]), [messages]);

  const scrollRef = useRef<HTMLElement | null>(null);
  // No React Compiler here, so its memoization caveat does not apply; the virtualizer's functions
  // are used in this component only. Measurements are keyed by index (the default): messages are
  // only ever appended, so an index names the same message for the session's life, and a stable
  // key function spares the virtualizer rebuilding its measurements on every streaming frame.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLElement, HTMLDivElement>({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: OVERSCAN,
    gap: MESSAGE_GAP,
    paddingStart: PADDING_TOP,
    paddingEnd: PADDING_BOTTOM,
    initialRect: INITIAL_RECT,
  });
  const totalSize = virtualizer.getTotalSize();
  const stick = useStickToBottom(scrollRef, messages, totalSize);

  return (
    <div className="transcript-frame">
      <section aria-label="Conversation" className="transcript" ref={scrollRef} onScroll={stick.onScroll} tabIndex={-1}>
        {empty ? (
          <div className="transcript-column">
            <EmptyState />
          </div>
        ) : (
          <div className="transcript-list" style={{ height: totalSize }}>
            {virtualizer.getVirtualItems().map((item) => {
              const message = messages[item.index];
              if (message === undefined) return null;
              return (
                <div
                  key={messageKey(message)}
                  className="transcript-row"
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <MessageView
                    message={message}
                    turn={turnsById.get(message.turnId)}
                    endsTurn={endsTurnAnswer(messages, item.index)}
                    continues={continuesAnswer(messages, item.index)}
                    promptKind={promptKind(messages, item.index)}
                  />
                  {item.index === hostIndex && isRecoverable(lastTurn) && <RecoveryActions turnId={lastTurn.id} status={lastTurn.status} />}
                </div>
              );
            })}
          </div>
        )}
      </section>
      {!stick.stuck && !empty && (
        <button type="button" className="jump-to-latest" onClick={stick.jumpToLatest}>
          Jump to latest <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}

function messageKey(message: ConversationMessage): string {
  return `${message.role}:${message.id}`;
}

/** A first guess before a row is measured; closer guesses mean less correction on first paint. */
function estimateHeight(message: ConversationMessage | undefined): number {
  switch (message?.role) {
    case 'user':
      // Sluice's continue request is drawn as a slim divider, not a bubble.
      return message.intent?.kind === 'continue' ? 4 : 48;
    case 'tool_result':
      return 44;
    default:
      return 160;
  }
}
