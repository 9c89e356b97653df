/**
 * What the open turn needs the person to know or decide, just above the composer: a stall, an
 * API retry, and the tool approvals waiting for an answer.
 *
 * Invariant: an empty strip takes no room (each part renders nothing when it has nothing to say).
 */

import { ApprovalPanel } from '../approvals/ApprovalPanel';
import { ApiRetryNotice } from './ApiRetryNotice';
import { StallNotice } from './StallNotice';

export function TurnNotices() {
  return (
    <div className="turn-notices">
      <ApiRetryNotice />
      <StallNotice />
      <ApprovalPanel />
    </div>
  );
}
