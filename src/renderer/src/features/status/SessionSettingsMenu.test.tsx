import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../../shared/session-view';
import { createAppStore, type AppStore } from '../../store/app-store';
import { fakeFrameScheduler } from '../../store/fake-frame-scheduler';
import { fakeStoreApi, simSession, snapshot } from '../../store/session-fixtures';
import { StoreProvider } from '../../store/store-context';
import { HeaderBar } from './HeaderBar';

function storeWith(session: SessionView): AppStore {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: fakeStoreApi(), scheduler, readHeap: () => null });
  store.getState().setConnection('open');
  store.getState().receive(snapshot(session));
  scheduler.runFrame();
  return store;
}

function render(store: AppStore): string {
  const current = { ...store, getInitialState: () => store.getState() };
  return renderToStaticMarkup(
    <StoreProvider store={current}>
      <HeaderBar />
    </StoreProvider>,
  );
}

describe('the header’s session settings', () => {
  it('shows the folder and permission mode the agent reported, the model in the badge, and a Session settings button', () => {
    const html = render(storeWith(simSession({ model: 'claude-sonnet-5-5', cwd: '/home/me/rivers', permissionMode: 'plan', settings: { cwd: '/home/me/rivers' } })));
    expect(html).toContain('<span class="agent-model">claude-sonnet-5-5</span>');
    expect(html).toMatch(/<span class="session-folder" title="Working directory: \/home\/me\/rivers"><svg[^]*?<\/svg><span class="session-folder-name">rivers<\/span><\/span>/);
    expect(html).toContain('<span class="session-mode" title="Permission mode">plan</span>');
    expect(html).toMatch(/<button type="button" class="session-settings-toggle" aria-label="Session settings" aria-haspopup="dialog" aria-expanded="false"/);
  });

  it('shows the session’s own settings before the agent has reported any', () => {
    const html = render(storeWith(simSession({ settings: { cwd: '/work/app', permissionMode: 'acceptEdits' } })));
    expect(html).toContain('<span class="session-folder-name">app</span>');
    expect(html).toContain('<span class="session-mode" title="Permission mode">acceptEdits</span>');
  });

  it('shows no mode when neither the agent nor the settings name one', () => {
    expect(render(storeWith(simSession({ settings: { cwd: '/work/app' } })))).not.toContain('session-mode');
  });
});
