// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../store/app-store';
import { fakeFrameScheduler } from '../../store/fake-frame-scheduler';
import { fakeStoreApi, simSession, snapshot, type StoreApiFake } from '../../store/session-fixtures';
import { StoreProvider } from '../../store/store-context';
import { ComposerFocusContext } from '../chat/composer-focus';
import { NewSessionDialog } from './NewSessionDialog';
import { SessionsNav } from './SessionsSidebar';

function storeFor(api: StoreApiFake): AppStore {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api, scheduler, readHeap: () => null });
  store.getState().setConnection('open');
  store.getState().setHello({ app: 'sluice', version: '0', transport: 'web', sessionId: 'sess-1', agent: { kind: 'sim', label: 'Simulator', commandLine: 'sim' }, sessionDefaults: { cwd: '/home/me/projects' } });
  store.getState().receive(snapshot(simSession({ agentState: 'ready' })));
  scheduler.runFrame();
  return store;
}

describe('NewSessionDialog in a page: the keyboard flow', () => {
  let root: Root | null = null;
  let host: HTMLElement | null = null;

  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    // jsdom has <dialog> without its methods: showModal opens it, as far as these tests look.
    HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
  });

  afterEach(() => {
    act(() => root?.unmount());
    host?.remove();
    root = null;
  });

  function mount(api: StoreApiFake): { store: AppStore; composerFocused: () => number } {
    const store = storeFor(api);
    let focused = 0;
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    act(() =>
      root?.render(
        <StoreProvider store={store}>
          <ComposerFocusContext value={() => focused++}>
            <SessionsNav drawer={false} />
            <NewSessionDialog />
          </ComposerFocusContext>
        </StoreProvider>,
      ),
    );
    return { store, composerFocused: () => focused };
  }

  const dialog = () => document.querySelector<HTMLDialogElement>('dialog[aria-labelledby="new-session-title"]');
  const field = (id: string) => document.getElementById(id) as HTMLInputElement;
  const newSessionButton = () => document.querySelector<HTMLButtonElement>('.new-session-button') as HTMLButtonElement;

  function type(input: HTMLInputElement, value: string): void {
    // React watches the value through the native setter, then the input event.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  async function start(): Promise<void> {
    await act(async () => {
      (dialog()?.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    });
  }

  function pressEscape(target: Element): KeyboardEvent {
    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    act(() => {
      target.dispatchEvent(event);
    });
    return event;
  }

  it('opens from New session with focus in the working directory, the host’s folder selected', () => {
    mount(fakeStoreApi());
    newSessionButton().focus();
    act(() => newSessionButton().click());
    expect(dialog()?.hasAttribute('open')).toBe(true);
    const cwd = field('new-session-cwd');
    expect(document.activeElement).toBe(cwd);
    expect(cwd.value).toBe('/home/me/projects');
    expect([cwd.selectionStart, cwd.selectionEnd]).toEqual([0, '/home/me/projects'.length]);
  });

  it('starts with what was typed and chosen, closes, and hands focus to the message box', async () => {
    const api = fakeStoreApi();
    const { composerFocused } = mount(api);
    act(() => newSessionButton().click());
    act(() => {
      type(field('new-session-cwd'), '/work/rivers');
      type(field('new-session-model'), 'opus');
      const mode = document.getElementById('new-session-mode') as HTMLSelectElement;
      mode.value = 'plan';
      mode.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await start();
    expect(api.calls).toEqual([{ command: 'newSession', request: { cwd: '/work/rivers', model: 'opus', permissionMode: 'plan' } }]);
    expect(dialog()).toBeNull();
    expect(composerFocused()).toBe(1);
  });

  it('stays open on a refusal, shows it beside the field, and puts focus there', async () => {
    const refusal = Object.assign(new Error('Working directory: /nope does not exist (or Sluice may not read it).'), { code: 'invalid-request' });
    const api = fakeStoreApi({ newSession: () => Promise.reject(refusal) });
    mount(api);
    act(() => newSessionButton().click());
    act(() => type(field('new-session-cwd'), '/nope'));
    act(() => field('new-session-model').focus());
    await start();
    expect(dialog()?.hasAttribute('open')).toBe(true);
    expect(document.getElementById('new-session-cwd-error')?.textContent).toBe('/nope does not exist (or Sluice may not read it).');
    expect(field('new-session-cwd').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field('new-session-cwd'));
    expect(field('new-session-cwd').value).toBe('/nope');
  });

  it('closes on Escape without letting it reach the interrupt, and gives focus back to New session', () => {
    const api = fakeStoreApi();
    mount(api);
    newSessionButton().focus();
    act(() => newSessionButton().click());
    const escape = pressEscape(field('new-session-model'));
    expect(escape.defaultPrevented).toBe(true);
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(newSessionButton());
    expect(api.calls).toEqual([]);
  });
});
