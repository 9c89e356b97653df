/**
 * One tool approval: the tool, its description, the input it would run with, and Allow / Deny.
 *
 * Invariants:
 * - A non-modal dialog named `Approval needed`; buttons named `Allow`, `Deny`, and in the deny
 *   form `Deny with message` (Enter confirms) and `Cancel` (as does Escape).
 * - Escape inside the deny form only closes the form: it is handled here and stopped, so the
 *   window's Escape-interrupts shortcut never sees it.
 * - On appearing, the card takes focus on Allow unless another card already holds focus (a
 *   person typing a deny message is not interrupted by the next request).
 * - The answer goes through the store (`answerApproval`); while any answer is in flight the
 *   buttons are disabled. The card leaves when the core closes the request, not on click.
 * - The input is shown as received from the agent, indented, as text.
 */

import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ApprovalRequest } from '../../../../shared/session-view';
import { useAppStore, useStoreApi } from '../../store/store-context';
import { approvalInputText } from './approval-input';

export const APPROVAL_CARD_CLASS = 'approval-card';

export function ApprovalCard({ request }: { request: ApprovalRequest }) {
  const store = useStoreApi();
  const busy = useAppStore((state) => state.answeringApproval !== null);
  const error = useAppStore((state) => (state.approvalError?.requestId === request.requestId ? state.approvalError : undefined));
  const [denying, setDenying] = useState(false);
  const [message, setMessage] = useState('');
  const wasDenying = useRef(false);
  const allowRef = useRef<HTMLButtonElement | null>(null);
  const denyRef = useRef<HTMLButtonElement | null>(null);
  const messageRef = useRef<HTMLInputElement | null>(null);
  const descriptionId = useId();
  const inputText = useMemo(() => approvalInputText(request.input), [request.input]);

  useEffect(() => {
    const active = document.activeElement;
    if (active instanceof Element && active.closest(`.${APPROVAL_CARD_CLASS}`) !== null) return;
    allowRef.current?.focus();
  }, []);

  useEffect(() => {
    // Opening the deny form focuses its message; closing it gives focus back to Deny.
    if (denying) messageRef.current?.focus();
    else if (wasDenying.current) denyRef.current?.focus();
    wasDenying.current = denying;
  }, [denying]);

  function answer(behavior: 'allow' | 'deny'): void {
    void store.getState().answerApproval({ requestId: request.requestId, behavior, message: behavior === 'deny' ? message : undefined });
  }

  function cancelDeny(): void {
    setDenying(false);
    setMessage('');
  }

  function onDenySubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!busy) answer('deny');
  }

  function onDenyKeyDown(event: KeyboardEvent<HTMLFormElement>): void {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    cancelDeny();
  }

  return (
    <section
      className={APPROVAL_CARD_CLASS}
      role="dialog"
      aria-modal="false"
      aria-label="Approval needed"
      aria-describedby={request.description === undefined ? undefined : descriptionId}
    >
      <header className="approval-head">
        <span className="approval-kind">Approval needed</span>
        <span className="approval-tool">{request.toolName}</span>
      </header>
      {request.description !== undefined && request.description !== '' && (
        <p className="approval-description" id={descriptionId}>
          {request.description}
        </p>
      )}
      <pre className="approval-input" tabIndex={0} aria-label={`${request.toolName} input`}>
        {inputText}
      </pre>
      {error !== undefined && (
        <p className="approval-error" role="alert">
          <span className="error-code">{error.code}</span> {error.message}
        </p>
      )}
      {denying ? (
        <form className="approval-deny" onSubmit={onDenySubmit} onKeyDown={onDenyKeyDown}>
          <input
            ref={messageRef}
            className="approval-deny-input"
            type="text"
            aria-label="Tell the agent why (optional)"
            placeholder="Tell the agent why (optional)"
            value={message}
            onChange={(event) => setMessage(event.target.value)}
          />
          <button type="submit" className="approval-button approval-deny-confirm" disabled={busy}>
            Deny with message
          </button>
          <button type="button" className="approval-button approval-secondary" onClick={cancelDeny}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="approval-actions">
          <button
            ref={allowRef}
            type="button"
            className="approval-button approval-allow"
            disabled={busy}
            onClick={() => answer('allow')}
          >
            Allow
          </button>
          <button ref={denyRef} type="button" className="approval-button approval-secondary" disabled={busy} onClick={() => setDenying(true)}>
            Deny
          </button>
        </div>
      )}
    </section>
  );
}
