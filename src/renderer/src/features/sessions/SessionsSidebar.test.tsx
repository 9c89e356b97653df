import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../../shared/protocol';
import { App } from '../../App';
import { createAppStore, type AppStore } from '../../store/app-store';
import { fakeFrameScheduler } from '../../store/fake-frame-scheduler';
import { fakeStoreApi, patches, SESSION_ID, sessionsEvent, sessionSummary, simSession, snapshot, turnPatches } from '../../store/session-fixtures';
import { StoreProvider } from '../../store/store-context';
import { SessionsNav, SessionsSidebar } from './SessionsSidebar';

const LIST: SessionSummary[] = [
  sessionSummary({ id: '20990101-101500-cccccccc', title: 'New session', live: true, active: false, lastStatus: undefined }),
  sessionSummary({ id: SESSION_ID, title: 'Tell me about rivers', active: true, lastStatus: 'completed' }),
  sessionSummary({ id: '20240301-090000-aaaaaaaa', title: 'Explain sluice gates', live: true, streaming: true, active: false, lastStatus: 'streaming' }),
  sessionSummary({ id: '20240229-090000-bbbbbbbb', title: 'A <crash> story', live: true, active: false, lastStatus: 'failed' }),
  sessionSummary({ id: '20240228-090000-dddddddd', title: 'Cut short', live: true, active: false, lastStatus: 'interrupted' }),
  sessionSummary({ id: '20240101-090000-eeeeeeee', title: 'From the journal', live: false, active: false, lastStatus: undefined }),
];

function storeWithList(list: SessionSummary[] = LIST): AppStore {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: fakeStoreApi(), scheduler, readHeap: () => null });
  store.getState().setConnection('open');
  store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
  store.getState().receive(sessionsEvent(list, SESSION_ID));
  scheduler.runFrame();
  return store;
}

function render(store: AppStore, node = <SessionsSidebar />): string {
  // Server rendering reads zustand's initial state (hydration); point it at the current state.
  const current = { ...store, getInitialState: () => store.getState() };
  return renderToStaticMarkup(<StoreProvider store={current}>{node}</StoreProvider>);
}

function entryButtons(html: string): string[] {
  return [...html.matchAll(/<button [^>]*data-session-id="[^"]+"[^>]*>/g)].map((match) => match[0]);
}

describe('SessionsSidebar', () => {
  it('is a nav named Sessions that starts with the New session button', () => {
    const html = render(storeWithList());
    expect(html).toMatch(/^<nav id="sessions-sidebar" class="sessions" aria-label="Sessions">/);
    expect(html).toMatch(
      /<button type="button" class="new-session-button" aria-haspopup="dialog" aria-keyshortcuts="Alt\+Shift\+N" title="[^"]*\(Alt\+Shift\+N\)[^"]*\(Alt\+N\)[^"]*"><svg[^]*?<span class="new-session-label">New session<\/span><kbd aria-hidden="true">Alt\+Shift\+N<\/kbd><\/button>/,
    );
    expect(html.indexOf('New session</span>')).toBeLessThan(html.indexOf('data-session-id'));
  });

  it('lists every session in the core’s order, each a button named by its title', () => {
    const html = render(storeWithList());
    const titles = [...html.matchAll(/<span class="session-title">([^<]*)<\/span>/g)].map((match) => match[1]);
    expect(titles).toEqual(['New conversation', 'Tell me about rivers', 'Explain sluice gates', 'A &lt;crash&gt; story', 'Cut short', 'From the journal']);
    // The status and time are the description, hidden from the name.
    expect(html).toMatch(/aria-describedby="session-meta-sess-1"[^>]*>.*?<span class="session-meta" id="session-meta-sess-1" aria-hidden="true">Completed<\/span>/);
  });

  it('marks the session on screen with aria-current="page", and only that one', () => {
    const buttons = entryButtons(render(storeWithList()));
    const current = buttons.filter((button) => button.includes('aria-current="page"'));
    expect(current).toHaveLength(1);
    expect(current[0]).toContain(`data-session-id="${SESSION_ID}"`);
    expect(current[0]).toContain('is-active');
  });

  it('makes the current session the list’s one Tab stop', () => {
    const buttons = entryButtons(render(storeWithList()));
    expect(buttons.filter((button) => button.includes('tabindex="0"'))).toEqual(buttons.filter((button) => button.includes('aria-current')));
    expect(buttons.filter((button) => button.includes('tabindex="-1"'))).toHaveLength(LIST.length - 1);
  });

  it('gives each entry a status dot class and words for it', () => {
    const html = render(storeWithList());
    for (const [id, status, words] of [
      ['20240301-090000-aaaaaaaa', 'streaming', 'Streaming'],
      ['20240229-090000-bbbbbbbb', 'failed', 'Failed'],
      ['20240228-090000-dddddddd', 'interrupted', 'Interrupted'],
      [SESSION_ID, 'completed', 'Completed'],
      ['20990101-101500-cccccccc', 'empty', 'No messages yet'],
      ['20240101-090000-eeeeeeee', 'past', 'Saved'],
    ] as const) {
      expect(html).toMatch(new RegExp(`class="session-entry status-${status}[^"]*" data-session-id="${id}"`));
      expect(html).toMatch(new RegExp(`id="session-meta-${id}" aria-hidden="true">[^<]*${words}</span>`));
    }
  });

  it('groups the entries by day under headings', () => {
    const html = render(storeWithList());
    const headings = [...html.matchAll(/<h2 class="sessions-group-title"[^>]*>([^<]*)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toContain('Earlier');
    expect(headings).toEqual([...new Set(headings)]);
  });

  it('shows the active session’s live status, fresher than the list', () => {
    const scheduler = fakeFrameScheduler();
    const store = createAppStore({ api: fakeStoreApi(), scheduler, readHeap: () => null });
    store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
    store.getState().receive(sessionsEvent([sessionSummary({ title: 'New session', lastStatus: undefined })], SESSION_ID));
    store.getState().receive(patches(turnPatches('turn-1', '/sim words=9\nHow do locks work?', ['a']).slice(0, 4)));
    scheduler.runFrame();
    const html = render(store);
    expect(html).toContain('<span class="session-title">How do locks work?</span>');
    expect(html).toMatch(/class="session-entry status-streaming is-active"/);
  });

  it('shows a refused switch as an alert', () => {
    const store = storeWithList();
    store.setState({ sessionsError: { code: 'invalid-request', message: 'There is no session x to open.' } });
    expect(render(store)).toMatch(/<div class="sessions-error" role="alert"><span class="sessions-error-message">There is no session x to open\.<\/span>/);
  });

  it('says so when there are no sessions yet', () => {
    expect(render(storeWithList([]))).toContain('No sessions yet.');
  });

  it('renders nothing once folded away, and a drawer when asked', () => {
    const store = storeWithList();
    store.getState().setSidebarOpen(false);
    expect(render(store)).toBe('');
    expect(render(store, <SessionsNav drawer />)).toMatch(/^<nav id="sessions-sidebar" class="sessions is-drawer" aria-label="Sessions">/);
  });

  it('sits in the app beside the transcript, with the Sessions toggle in the header', () => {
    const html = render(storeWithList(), <App />);
    expect(html).toMatch(/<button type="button" id="sessions-toggle" class="sessions-toggle" aria-expanded="true" aria-controls="sessions-sidebar"[^>]*>.*?<span class="sessions-toggle-label">Sessions<\/span><\/button>/);
    expect(html.indexOf('aria-label="Sessions"')).toBeLessThan(html.indexOf('aria-label="Conversation"'));
  });
});
