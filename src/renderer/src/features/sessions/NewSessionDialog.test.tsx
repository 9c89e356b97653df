import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Hello } from '../../../../shared/protocol';
import { App } from '../../App';
import { createAppStore, type AppStore } from '../../store/app-store';
import { fakeFrameScheduler } from '../../store/fake-frame-scheduler';
import { fakeStoreApi, simSession, snapshot } from '../../store/session-fixtures';
import { StoreProvider } from '../../store/store-context';
import { NewSessionDialog } from './NewSessionDialog';

function hello(transport: Hello['transport']): Hello {
  return { app: 'sluice', version: '0', transport, sessionId: 'sess-1', agent: { kind: 'sim', label: 'Simulator', commandLine: 'sim' }, sessionDefaults: { cwd: '/home/me/projects' } };
}

function storeFor(transport: Hello['transport'] = 'web'): AppStore {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: fakeStoreApi(), scheduler, readHeap: () => null });
  store.getState().setConnection('open');
  store.getState().setHello(hello(transport));
  store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
  scheduler.runFrame();
  store.getState().openNewSessionDialog();
  return store;
}

function render(store: AppStore, node = <NewSessionDialog />): string {
  // Server rendering reads zustand's initial state (hydration); point it at the current state.
  const current = { ...store, getInitialState: () => store.getState() };
  return renderToStaticMarkup(<StoreProvider store={current}>{node}</StoreProvider>);
}

function inputTag(html: string, id: string): string {
  return new RegExp(`<(input|select)[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';
}

describe('NewSessionDialog', () => {
  it('is not in the page until opened', () => {
    const store = storeFor();
    store.getState().closeNewSessionDialog();
    expect(render(store)).toBe('');
    expect(render(store, <App />)).not.toContain('<dialog');
  });

  it('is a dialog named by its heading, New session', () => {
    const html = render(storeFor());
    expect(html).toMatch(/^<dialog class="settings-dialog" aria-labelledby="new-session-title">/);
    expect(html).toContain('<h2 class="settings-title" id="new-session-title">New session</h2>');
  });

  it('starts from the host’s folder, the CLI’s model and the CLI’s permission mode', () => {
    const html = render(storeFor());
    expect(inputTag(html, 'new-session-cwd')).toContain('value="/home/me/projects"');
    expect(inputTag(html, 'new-session-model')).toMatch(/placeholder="CLI default" list="new-session-models"[^>]* value=""/);
    expect(html).toMatch(/<datalist id="new-session-models"><option value="sonnet"><\/option><option value="opus"><\/option>/);
    const select = /<select[^]*?<\/select>/.exec(html)?.[0] ?? '';
    const modes = [...select.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g)].map((match) => [match[1], match[2] !== undefined, match[3]]);
    expect(modes[0]).toEqual(['', true, 'CLI default']);
    expect(modes.map(([value]) => value)).toEqual(['', 'default', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions']);
  });

  it('labels every field and ends with Cancel then Start, Start submitting the form', () => {
    const html = render(storeFor());
    for (const [id, label] of [['new-session-cwd', 'Working directory'], ['new-session-model', 'Model'], ['new-session-mode', 'Permission mode']]) {
      expect(html).toContain(`<label class="settings-label" for="${id}">${label}</label>`);
    }
    expect(html).toMatch(/<div class="settings-actions"><button type="button" class="settings-button">Cancel<\/button><button type="submit" class="settings-button settings-primary">Start<\/button><\/div><\/form><\/dialog>$/);
  });

  it('offers Choose… in the Electron window only', () => {
    expect(render(storeFor('web'))).not.toContain('Choose…');
    expect(render(storeFor('electron'))).toMatch(/id="new-session-cwd"[^>]*\/><button type="button" class="settings-button">Choose…<\/button>/);
  });

  it('shows main’s refusal under the field it names, and marks that field', () => {
    const store = storeFor();
    store.setState({ newSessionError: { field: 'cwd', code: 'invalid-request', message: 'Working directory: /nope does not exist (or Sluice may not read it).' } });
    const html = render(store);
    expect(inputTag(html, 'new-session-cwd')).toMatch(/aria-invalid="true" aria-describedby="new-session-cwd-error"/);
    expect(html).toContain('<p class="settings-error" id="new-session-cwd-error" role="alert">/nope does not exist (or Sluice may not read it).</p>');
    expect(html).not.toContain('An absolute path; the agent runs there.');
    expect(inputTag(html, 'new-session-model')).not.toContain('aria-invalid');
  });

  it('shows a refusal that names no field above the buttons', () => {
    const store = storeFor();
    store.setState({ newSessionError: { field: null, code: 'disconnected', message: 'Not connected to Sluice.' } });
    expect(render(store)).toMatch(/<p class="settings-error" role="alert">Not connected to Sluice\.<\/p><div class="settings-actions">/);
  });

  it('marks Start busy while the session is being created', () => {
    const store = storeFor();
    store.setState({ sessionSwitch: 'new' });
    expect(render(store)).toContain('<button type="submit" class="settings-button settings-primary" disabled="" aria-busy="true">Start</button>');
  });
});
