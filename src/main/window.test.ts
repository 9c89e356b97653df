import { describe, expect, it } from 'vitest';
import { FakeSession, FakeWebContents } from './electron-fake.test-support';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';
import {
  denyPermissions,
  installContentSecurityPolicy,
  installNavigationGuards,
  windowBackground,
  windowOptions,
} from './window';

const APP_URL = 'file:///opt/sluice/out/renderer/index.html';

function guarded() {
  const contents = new FakeWebContents(APP_URL);
  const opened: string[] = [];
  installNavigationGuards(contents, async (url) => {
    opened.push(url);
  });
  return { contents, opened };
}

describe('windowOptions', () => {
  it('turns on every renderer security flag', () => {
    const prefs = windowOptions('/app/out/preload/index.cjs', false).webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('stays hidden until ready-to-show, titled Sluice, with a usable minimum size', () => {
    const options = windowOptions('/p.cjs', false);
    expect(options.show).toBe(false);
    expect(options.title).toBe('Sluice');
    expect(options.minWidth).toBeGreaterThanOrEqual(480);
    expect(options.minHeight).toBeGreaterThanOrEqual(320);
  });

  it('paints the background of the system theme', () => {
    expect(windowOptions('/p.cjs', true).backgroundColor).toBe(windowBackground(true));
    expect(windowOptions('/p.cjs', false).backgroundColor).toBe(windowBackground(false));
    expect(windowBackground(true)).not.toBe(windowBackground(false));
  });
});

describe('installNavigationGuards', () => {
  it('prevents navigation to another page', () => {
    const { contents } = guarded();
    expect(contents.willNavigate('https://example.com/')).toBe(true);
    expect(contents.willNavigate('file:///etc/passwd')).toBe(true);
    expect(contents.willNavigate(APP_URL)).toBe(true);
  });

  it('lets a same-document navigation through', () => {
    const { contents } = guarded();
    expect(contents.willNavigate(`${APP_URL}#section`, true)).toBe(false);
  });

  it('sends a prevented https link to the system browser, and nothing else', () => {
    const { contents, opened } = guarded();
    contents.willNavigate('https://example.com/docs');
    contents.willNavigate('http://example.com/');
    contents.willNavigate('file:///etc/passwd');
    expect(opened).toEqual(['https://example.com/docs']);
  });

  it('denies every window.open and opens only https URLs externally', () => {
    const { contents, opened } = guarded();
    const handler = contents.windowOpenHandler;
    if (handler === undefined) throw new Error('no window open handler installed');
    for (const url of ['https://example.com/a', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://example.com/a']);
  });

  it('survives the system browser failing to open', async () => {
    const contents = new FakeWebContents(APP_URL);
    installNavigationGuards(contents, () => Promise.reject(new Error('no browser')));
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = guarded();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });
});

describe('denyPermissions', () => {
  it('denies permission requests and checks', async () => {
    const session = new FakeSession();
    denyPermissions(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown']) {
      expect(await session.requestPermission(permission)).toBe(false);
      expect(session.checkPermission(permission)).toBe(false);
    }
  });

  it('still lets the page write text to the clipboard', async () => {
    const session = new FakeSession();
    denyPermissions(session);
    expect(await session.requestPermission('clipboard-sanitized-write')).toBe(true);
    expect(session.checkPermission('clipboard-sanitized-write')).toBe(true);
  });
});

describe('installContentSecurityPolicy', () => {
  it('allows no eval and no inline code', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('adds exactly one CSP header to file: responses, keeping the others', async () => {
    const session = new FakeSession();
    installContentSecurityPolicy(session);
    const response = await session.receiveHeaders({
      url: APP_URL,
      responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] },
    });
    expect(response.responseHeaders).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('leaves other responses untouched', async () => {
    const session = new FakeSession();
    installContentSecurityPolicy(session);
    expect(await session.receiveHeaders({ url: 'https://example.com/', responseHeaders: { a: ['b'] } })).toEqual({});
  });
});
