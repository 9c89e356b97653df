import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FlowSample } from '../../../../shared/protocol';
import type { SessionView } from '../../../../shared/session-view';
import { App } from '../../App';
import { createAppStore, type AppStore } from '../../store/app-store';
import { fakeFrameScheduler } from '../../store/fake-frame-scheduler';
import { fakeStoreApi, flowSample, metrics, patches, simSession, snapshot } from '../../store/session-fixtures';
import { StoreProvider } from '../../store/store-context';
import { Dashboard } from './Dashboard';

function storeWith(session: SessionView, sample?: Partial<FlowSample>): AppStore {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: fakeStoreApi(), scheduler, now: () => 10_000, readHeap: () => 64 * 1024 * 1024 });
  store.getState().setConnection('open');
  store.getState().receive(snapshot(session, { lines: 0 }));
  store.getState().receive(patches([], { batch: 1, lines: [1, 10], agentStamps: [10_000 - 8] }));
  store.getState().receive(patches([], { batch: 2, lines: [14, 20] }));
  if (sample !== undefined) store.getState().receive(metrics(flowSample(sample)));
  scheduler.runFrame();
  return store;
}

function render(store: AppStore, node = <Dashboard />): string {
  // Server rendering reads zustand's initial state (hydration); point it at the current state.
  const current = { ...store, getInitialState: () => store.getState() };
  return renderToStaticMarkup(<StoreProvider store={current}>{node}</StoreProvider>);
}

describe('Dashboard', () => {
  it('is a region named Stream dashboard with five labelled charts', () => {
    const html = render(storeWith(simSession({ agentState: 'ready' }), {}));
    expect(html).toMatch(/^<section[^>]*aria-label="Stream dashboard"/);
    const labels = [...html.matchAll(/<figure class="chart" aria-label="([^"]+)"/g)].map((match) => match[1]);
    expect(labels).toEqual(['Throughput', 'Buffer', 'Backpressure', 'Latency', 'Memory']);
  });

  it('shows the counters, with Lost measured from the line ranges', () => {
    const session = simSession({ agentState: 'ready', counters: { lines: 20, messages: 18, bytes: 4_200, parseErrors: 1 } });
    const html = render(storeWith(session, { pauses: 3, coalescedPatches: 42, journaledLines: 25 }));
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).toContain('Lines: 20');
    expect(text).toContain('Messages: 18');
    expect(text).toContain('Bytes: 4.2 kB');
    expect(text).toContain('Parse errors: 1');
    expect(text).toContain('Coalesced: 42');
    expect(text).toContain('Pauses: 3');
    expect(text).toContain('Lost: 3');
    expect(text).toContain('In flight: 5');
  });

  it('captions each chart with its latest values', () => {
    const html = render(storeWith(simSession(), { linesPerSec: 1_500, bytesPerSec: 2_048, pauses: 1, paused: true }));
    expect(html).toContain('1,500 lines/s · 2 KB/s');
    expect(html).toContain('1 pause · paused now');
    expect(html).toContain('p50 8 ms · p99 8 ms');
    expect(html).toContain('renderer heap 64 MB');
  });

  it('shows the simulator controls only while the simulator answers', () => {
    const sim = render(storeWith(simSession({ agentState: 'ready' })));
    expect(sim).toContain('aria-label="Simulator controls"');
    expect(sim).toContain('>Run load</button>');
    expect(sim).toMatch(/role="switch" aria-checked="false"[^>]*>.*Slow view/s);
    const base = simSession();
    const claude = render(storeWith({ ...base, agent: { ...base.agent, kind: 'claude', label: 'Claude Code' } }));
    expect(claude).not.toContain('Simulator controls');
  });

  it('shows the slow-view switch on when the store withholds credits', () => {
    const store = storeWith(simSession({ agentState: 'ready' }));
    store.getState().setSlowView(true);
    expect(render(store)).toMatch(/role="switch" aria-checked="true"/);
  });
});

describe('Dashboard in the window', () => {
  it('is closed at first, with a Dashboard toggle in the header that documents its shortcut', () => {
    const store = storeWith(simSession({ agentState: 'ready' }));
    const html = render(store, <App />);
    expect(html).not.toContain('Stream dashboard"');
    expect(html).toMatch(/<button[^>]*aria-pressed="false"[^>]*aria-keyshortcuts="Control\+D"[^>]*title="Show the stream dashboard[^"]*\(Ctrl\+D\)"[^>]*>.*Dashboard/s);
  });

  it('opens beside the transcript, which stays in place', () => {
    const store = storeWith(simSession({ agentState: 'ready' }));
    store.getState().toggleDashboard();
    const html = render(store, <App />);
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain('aria-label="Stream dashboard"');
    expect(html).toContain('aria-label="Conversation"');
    expect(html).toContain('aria-label="Message"');
  });

  it('shows the directive the next message will start with under the composer', () => {
    const store = storeWith(simSession({ agentState: 'ready' }));
    store.getState().setSimSettings({ words: 300, delay: 5, chunk: 3 });
    expect(render(store, <App />)).toContain('next message starts with <code>/sim words=300 delay=5 chunk=3 stamp</code>');
  });
});
