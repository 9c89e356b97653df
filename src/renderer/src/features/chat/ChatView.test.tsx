// @vitest-environment jsdom
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { applyPatches } from '../../../../shared/session-view';
import { createAppStore } from '../../store/app-store';
import { fakeFrameScheduler } from '../../store/fake-frame-scheduler';
import { fakeStoreApi, simSession, snapshot, turnPatches } from '../../store/session-fixtures';
import { StoreProvider } from '../../store/store-context';
import { ChatView } from './ChatView';

function renderTranscript(turns: number): string {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: fakeStoreApi(), scheduler });
  let session = simSession({ agentState: 'ready' });
  for (let i = 0; i < turns; i++) session = applyPatches(session, turnPatches(`turn-${i}`, `question ${i}`, [`answer ${i}`]));
  store.getState().receive(snapshot(session));
  scheduler.runFrame();
  const current = { ...store, getInitialState: () => store.getState() };
  return renderToStaticMarkup(
    <StoreProvider store={current}>
      <ChatView />
    </StoreProvider>,
  );
}

describe('ChatView', () => {
  it('keeps the Conversation region and each message as an article', () => {
    const html = renderTranscript(2);
    expect(html).toContain('<section aria-label="Conversation"');
    expect(html.match(/aria-label="Your message"/g)).toHaveLength(2);
    expect(html.match(/<article[^>]*aria-label="Assistant message"/g)).toHaveLength(2);
    expect(html).toContain('answer 1');
  });

  it('renders only the rows near the viewport of a long conversation', () => {
    const html = renderTranscript(2_000);
    const rows = html.match(/class="transcript-row"/g) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
  });

  it('shows the welcome when there is nothing yet', () => {
    expect(renderTranscript(0)).toContain('Welcome to Sluice');
  });
});
