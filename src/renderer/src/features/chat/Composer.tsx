/**
 * The message box and its Send button.
 *
 * Invariants:
 * - Enter sends, Shift+Enter inserts a newline, and nothing is sent while an input method is
 *   composing (Enter then confirms the composition, not the message).
 * - Send is enabled only when `selectCanSend` allows it, or while the agent starts (the message
 *   is then held and goes once the agent is ready, which the hint says, with a way to cancel);
 *   typing is always possible, so the next message can be written while an answer streams.
 * - The box grows with its content up to about eight lines (CSS max-height), then scrolls.
 * - Focus returns to the box after sending, whether by keyboard or by clicking Send.
 * - When the simulator's knobs are set (dashboard), the directive line the next message will
 *   start with is shown under the box, so what is sent is never a surprise.
 */

import { useLayoutEffect, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { useAppStore, useStoreApi } from '../../store/store-context';
import { selectAgent, selectCanQueueSend, selectCanSend, selectIsStreaming, selectStreamingState, type StreamingState } from '../../store/selectors';
import { selectSimDirective } from '../../store/sim-slice';
import { InterruptButton } from '../controls/InterruptButton';
import { dashboardShortcutLabel } from '../dashboard/dashboard-shortcut';

export function Composer({ inputRef }: { inputRef: RefObject<HTMLTextAreaElement | null> }) {
  const store = useStoreApi();
  const draft = useAppStore((state) => state.draft);
  const canSend = useAppStore(selectCanSend);
  const canQueueSend = useAppStore(selectCanQueueSend);
  const sendWhenReady = useAppStore((state) => state.sendWhenReady !== null);
  const streamingState = useAppStore(selectStreamingState);
  const turnRunning = useAppStore(selectIsStreaming);
  const sendError = useAppStore((state) => state.sendError);
  const agentLabel = useAppStore((state) => selectAgent(state)?.label);
  const directive = useAppStore(selectSimDirective);

  useLayoutEffect(() => {
    const input = inputRef.current;
    if (input === null) return;
    // Measure from "auto" so the box can shrink as well as grow.
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight}px`;
  }, [draft, inputRef]);

  function send(): void {
    void store.getState().sendDraft();
    inputRef.current?.focus();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    send();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
    // keyCode 229: Safari reports the Enter that ends a composition after `isComposing` is false.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    send();
  }

  return (
    <form className="composer" onSubmit={onSubmit}>
      <div className="composer-column">
        {sendError !== null && (
          <div className="composer-error" role="alert">
            <span className="error-code">{sendError.code}</span>
            <span className="composer-error-message">{sendError.message}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => store.getState().dismissSendError()}>
              ×
            </button>
          </div>
        )}
        <div className="composer-box">
          <textarea
            ref={inputRef}
            className="composer-input"
            aria-label="Message"
            aria-describedby="composer-hint"
            rows={1}
            value={draft}
            placeholder={agentLabel === undefined ? 'Write a message…' : `Message ${agentLabel}…`}
            onChange={(event) => store.getState().setDraft(event.target.value)}
            onKeyDown={onKeyDown}
            spellCheck
          />
          <InterruptButton />
          <button type="submit" className="send-button" disabled={!canSend && !canQueueSend}>
            Send
          </button>
        </div>
        <p className="composer-hint" id="composer-hint">
          {sendWhenReady ? (
            <span>
              {'Sends as soon as the agent is ready · '}
              <button type="button" className="link-button" onClick={() => store.getState().cancelSendWhenReady()}>
                Cancel sending
              </button>
            </span>
          ) : (
            hintFor(streamingState, turnRunning)
          )}
          {directive !== null && (
            <span className="composer-directive" title="Set in the dashboard's simulator controls; the simulator reads this line">
              {' · next message starts with '}
              <code>{directive}</code>
              <button type="button" className="link-button" onClick={() => store.getState().resetSimSettings()}>
                Reset
              </button>
            </span>
          )}
        </p>
      </div>
    </form>
  );
}

function hintFor(state: StreamingState, turnRunning: boolean): string {
  switch (state) {
    case 'streaming':
      return 'The agent is answering · Esc interrupts and keeps what arrived';
    case 'starting':
      return turnRunning ? 'The agent is starting…' : 'The agent is starting… Enter sends your message as soon as it is ready.';
    case 'exited':
      return 'The agent has exited; sending a message starts it again.';
    case 'connecting':
      return 'Connecting to Sluice…';
    case 'disconnected':
      return 'Reconnecting to Sluice; your draft is kept.';
    case 'ready':
      return `Enter to send · Shift+Enter for a new line · ${dashboardShortcutLabel()} dashboard`;
  }
}
