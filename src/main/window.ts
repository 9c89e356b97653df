/**
 * The window's security envelope: BrowserWindow options, navigation and window-open guards,
 * permission denial and the production CSP header.
 *
 * Invariants (security rules of docs/ARCHITECTURE.md):
 * - The renderer runs with contextIsolation, the sandbox and webSecurity on and no Node
 *   integration anywhere (main frame, subframes, workers); no <webview>.
 * - A page never navigates away from the app: every cross-document navigation is prevented.
 *   Only `https:` links leave the app, and only to the system browser; no window is ever opened.
 * - Every permission request and check is refused, except writing text to the clipboard
 *   (a "copy" button needs it; reading the clipboard stays refused).
 * - In production every file: response carries the same CSP as the web host (no unsafe-eval).
 *
 * Electron objects come in as arguments, typed by the narrow shapes below (which Electron's own
 * objects satisfy), so all of this runs against fakes in plain Node.
 */

import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';

/**
 * The renderer's `--bg` for each scheme (styles.css), so the window never flashes a colour the
 * page does not have.
 */
export function windowBackground(dark: boolean): string {
  return dark ? '#16181c' : '#f6f7f9';
}

export function windowOptions(preloadPath: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    title: 'Sluice',
    width: 1200,
    height: 800,
    minWidth: 640,
    minHeight: 420,
    // Shown on ready-to-show: no blank or half-painted first frame.
    show: false,
    backgroundColor: windowBackground(dark),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped on the window would otherwise navigate to it.
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface NavigationEvent extends PreventableEvent {
  url: string;
  isSameDocument: boolean;
}

/** The part of Electron's WebContents the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export type OpenExternal = (url: string) => Promise<void>;

/** Installs the navigation, window-open and <webview> guards on one webContents. */
export function installNavigationGuards(contents: GuardedContents, openExternal: OpenExternal): void {
  contents.on('will-navigate', (event) => {
    if (event.isSameDocument) return;
    event.preventDefault();
    openIfHttps(event.url, openExternal);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openIfHttps(url, openExternal);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

function openIfHttps(url: string, openExternal: OpenExternal): void {
  if (!isHttpsUrl(url)) return;
  // A failure to start the browser is not the page's business, and must not crash main.
  openExternal(url).catch(() => undefined);
}

/** The one permission granted: writing (sanitized) text to the clipboard, for copy buttons. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(GRANTED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => GRANTED_PERMISSIONS.has(permission));
}

export interface HeadersDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface HeaderSession {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersDetails,
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
}

/**
 * Adds the CSP header to file: responses (production loads). The meta tag already carries the
 * same policy; the header is the stronger delivery where Chromium honours it. Not installed in
 * development, where Vite's dev server needs its own relaxed policy.
 */
export function installContentSecurityPolicy(session: HeaderSession, policy: string = CONTENT_SECURITY_POLICY): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!details.url.startsWith('file:')) {
      callback({});
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // Drop any policy already present so exactly one, ours, applies.
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}
