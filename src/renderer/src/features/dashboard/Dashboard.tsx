/**
 * The stream dashboard: a side panel beside the transcript with live charts of the pipe
 * (throughput, buffer, backpressure, latency, memory), its counters, and, when the simulator
 * answers, the simulator's controls.
 *
 * Invariants:
 * - A region named `Stream dashboard`, rendered only while open (Dashboard button or
 *   Ctrl/⌘+D); the transcript keeps working beside it.
 * - Reads the flow summary, counters and agent kind only: it never subscribes to messages, so
 *   a streaming frame re-renders nothing here but the numbers that changed, and nothing here
 *   re-renders the transcript.
 * - The chart specs are built once per panel (and per renderer-heap availability), so the uPlot
 *   instances behind them live as long as the panel is open.
 */

import { useMemo } from 'react';
import { useAppStore, useStoreApi } from '../../store/store-context';
import { chartCaption, chartSpecs, type ChartSpec } from './chart-specs';
import { CountersRow } from './CountersRow';
import { dashboardShortcutLabel } from './dashboard-shortcut';
import { SimControls } from './SimControls';
import { UplotChart } from './UplotChart';

export function DashboardPanel() {
  const open = useAppStore((state) => state.dashboardOpen);
  return open ? <Dashboard /> : null;
}

export function Dashboard() {
  const store = useStoreApi();
  const rendererHeap = useAppStore((state) => state.rendererHeapAvailable);
  const isSim = useAppStore((state) => state.session?.agent.kind === 'sim');
  const specs = useMemo(() => chartSpecs({ rendererHeap }), [rendererHeap]);

  return (
    <section id="stream-dashboard" className="dashboard" aria-label="Stream dashboard">
      <header className="dashboard-head">
        <h2 className="dashboard-title">Stream dashboard</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close dashboard"
          title={`Close (${dashboardShortcutLabel()})`}
          onClick={() => store.getState().setDashboardOpen(false)}
        >
          ×
        </button>
      </header>
      <div className="dashboard-body">
        <CountersRow />
        <div className="dashboard-charts">
          {specs.map((spec) => (
            <LiveChart key={spec.id} spec={spec} />
          ))}
        </div>
        {isSim && <SimControls />}
      </div>
    </section>
  );
}

/** A chart with its caption; only the caption re-renders as samples arrive. */
function LiveChart({ spec }: { spec: ChartSpec }) {
  const caption = useAppStore((state) => chartCaption(spec.id, state.flow));
  return <UplotChart spec={spec} caption={caption} />;
}
