/**
 * The dashboard's counters: what went through the pipe and what it cost, as plain numbers.
 *
 * Invariants:
 * - `Lost` is measured (LineLedger: lines missing from ranges older than the newest received),
 *   never a constant; its tooltip says how it is computed and what is merely in flight.
 * - Reads the summary and the session's counters only (narrow selectors): a streaming frame that
 *   changes neither does not re-render this row.
 */

import type { ReactNode } from 'react';
import { useAppStore } from '../../store/store-context';
import { formatBytes, formatCount } from '../status/human-units';

export function CountersRow() {
  const counters = useAppStore((state) => state.session?.counters);
  const flow = useAppStore((state) => state.flow);
  const sample = flow.sample;
  return (
    <ul className="dashboard-counters" aria-label="Stream counters">
      <Counter label="Lines" title={`${formatCount(counters?.messages ?? 0)} parsed into agent messages`}>
        {formatCount(counters?.lines ?? 0)}
      </Counter>
      <Counter label="Messages">{formatCount(counters?.messages ?? 0)}</Counter>
      <Counter label="Bytes">{formatBytes(counters?.bytes ?? 0)}</Counter>
      <Counter label="Parse errors" alert={(counters?.parseErrors ?? 0) > 0}>
        {formatCount(counters?.parseErrors ?? 0)}
      </Counter>
      <Counter label="Coalesced" title="Patches merged losslessly before delivery (same text, fewer updates)">
        {formatCount(sample?.coalescedPatches ?? 0)}
      </Counter>
      <Counter label="Pauses" title="Times the core stopped reading the agent's stdout (real backpressure)">
        {formatCount(sample?.pauses ?? 0)}
      </Counter>
      <Counter
        label="Lost"
        alert={flow.lostLines > 0}
        title={
          `Agent lines missing between the ranges received (${formatCount(flow.gaps)} ${flow.gaps === 1 ? 'gap' : 'gaps'}). ` +
          `Received through line ${formatCount(flow.newestLine)}; ${formatCount(flow.inFlightLines)} journaled lines still in flight.`
        }
      >
        {formatCount(flow.lostLines)}
      </Counter>
      <Counter
        label="Not journaled"
        alert={(counters?.unjournaledLines ?? 0) > 0}
        title="Agent lines shown here that the journal could not record (a disk write failed)"
      >
        {formatCount(counters?.unjournaledLines ?? 0)}
      </Counter>
      <Counter label="In flight" title="Journaled by the core, not yet received by this view">
        {formatCount(flow.inFlightLines)}
      </Counter>
      <Counter label="Loop lag p99" title="Event-loop delay of the process that runs the core">
        {sample === null ? '–' : `${formatCount(Math.round(sample.loopLagMs))} ms`}
      </Counter>
    </ul>
  );
}

function Counter({ label, title, alert = false, children }: { label: string; title?: string; alert?: boolean; children: ReactNode }) {
  return (
    <li className={alert ? 'counter has-alert' : 'counter'} title={title}>
      <span className="counter-label">{label}:</span> <span className="counter-value">{children}</span>
    </li>
  );
}
