import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { agentError } from '../../shared/agent-error';
import type { SessionView } from '../../shared/session-view';
import { App } from './App';
import { createAppStore } from './store/app-store';
import { fakeFrameScheduler } from './store/fake-frame-scheduler';
import { fakeStoreApi, simSession, snapshot } from './store/session-fixtures';
import { StoreProvider } from './store/store-context';
import type { ConnectionState } from './api';

function renderApp(session: SessionView | null, connection: ConnectionState = 'open', draft = '', sendNow = false): string {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: fakeStoreApi(), scheduler, readHeap: () => null });
  store.getState().setConnection(connection);
  if (session !== null) store.getState().receive(snapshot(session));
  scheduler.runFrame();
  store.getState().setDraft(draft);
  if (sendNow) void store.getState().sendDraft();
  // Server rendering reads zustand's initial state (hydration); point it at the current state.
  const current = { ...store, getInitialState: () => store.getState() };
  return renderToStaticMarkup(
    <StoreProvider store={current}>
      <App />
    </StoreProvider>,
  );
}

describe('App', () => {
  it('says plainly that the simulator is answering', () => {
    const html = renderApp(simSession({ agentState: 'ready' }));
    expect(html).toContain('Simulated agent');
    expect(html).toContain('title="No claude CLI found; a built-in simulator is answering"');
    expect(html).toContain('the built-in simulator answers');
  });

  it('shows a welcome in an empty conversation', () => {
    expect(renderApp(simSession({ agentState: 'ready' }))).toContain('Welcome to Sluice');
  });

  it('disables Send for a blank draft and enables it for a real one', () => {
    expect(renderApp(simSession({ agentState: 'ready' }))).toMatch(/<button type="submit" class="send-button" disabled="">Send<\/button>/);
    expect(renderApp(simSession({ agentState: 'ready' }), 'open', 'hi')).toMatch(/<button type="submit" class="send-button">Send<\/button>/);
  });

  it('lets a message be sent while the agent starts, and says it will go once the agent is ready', () => {
    const starting = simSession({ agentState: 'starting' });
    expect(renderApp(starting, 'open', 'hi')).toMatch(/class="send-button">Send/);
    expect(renderApp(starting, 'open', 'hi')).toContain('Enter sends your message as soon as it is ready');
    const held = renderApp(starting, 'open', 'hi', true);
    expect(held).toContain('Sends as soon as the agent is ready');
    expect(held).toMatch(/<button type="button" class="link-button">Cancel sending<\/button>/);
  });

  it('disables Send while disconnected and says it is reconnecting', () => {
    const html = renderApp(simSession({ agentState: 'ready' }), 'closed', 'hi');
    expect(html).toMatch(/class="send-button" disabled="">Send/);
    expect(html).toContain('Disconnected — reconnecting…');
  });

  it('shows the session error as an alert with its code, message and detail', () => {
    const error = agentError('agent-crashed', 'The agent stopped unexpectedly.', 'stderr: segfault');
    const html = renderApp(simSession({ agentState: 'exited', exit: { code: 139, signal: null, stderrTail: '' }, error }));
    expect(html).toMatch(/role="alert".*agent-crashed.*The agent stopped unexpectedly\..*stderr: segfault/s);
    expect(html).toContain('Agent exited (code 139)');
  });

  it('counts malformed lines and shows the latest reason', () => {
    const html = renderApp(
      simSession({
        agentState: 'ready',
        warningCount: 3,
        warnings: [{ code: 'malformed-line', message: 'Unexpected token } in JSON', line: 42 }],
      }),
    );
    expect(html).toContain('3 malformed lines from the agent (kept in the journal)');
    expect(html).toContain('Line 42: Unexpected token } in JSON');
  });

  it('shows the stream counters in the status bar', () => {
    const html = renderApp(simSession({ agentState: 'ready', counters: { lines: 1234, messages: 1200, bytes: 56_700, parseErrors: 0 } }));
    expect(html).toContain('1,234 lines');
    expect(html).toContain('56.7 kB');
    expect(html).toContain('0 parse errors');
  });
});
