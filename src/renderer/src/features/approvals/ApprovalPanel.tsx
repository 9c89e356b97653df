/**
 * The tool approvals waiting for the person, oldest first, as cards above the composer.
 *
 * Invariants:
 * - One card per entry of `session.approvals`, keyed by request id; a card leaves when the core
 *   closes its request (answered, or withdrawn by the agent).
 * - Focus is never left on the page when a card leaves: it moves to the next card's Allow, or
 *   back to the composer when none is left.
 */

import { useEffect, useRef } from 'react';
import type { ApprovalRequest } from '../../../../shared/session-view';
import { useAppStore } from '../../store/store-context';
import { useFocusComposer } from '../chat/composer-focus';
import { ApprovalCard } from './ApprovalCard';

const NO_APPROVALS: readonly ApprovalRequest[] = [];

export function ApprovalPanel() {
  const approvals = useAppStore((state) => state.session?.approvals) ?? NO_APPROVALS;
  const focusComposer = useFocusComposer();
  const panelRef = useRef<HTMLDivElement | null>(null);
  const count = approvals.length;

  useEffect(() => {
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    const nextAllow = panelRef.current?.querySelector<HTMLButtonElement>('.approval-allow');
    if (nextAllow) nextAllow.focus();
    else focusComposer();
  }, [count, focusComposer]);

  if (count === 0) return null;
  return (
    <div className="approval-panel" ref={panelRef}>
      {approvals.map((request) => (
        <ApprovalCard key={request.requestId} request={request} />
      ))}
    </div>
  );
}
