/**
 * The one Content-Security-Policy of the app's page, sent by both hosts: the Electron window's
 * file: responses (main/window.ts) and the web host's HTTP responses (server/web-host.ts).
 * The renderer's index.html carries the same rules in a meta tag (plus the web host's loopback
 * WebSocket, which a meta tag must name); a test compares them.
 *
 * No 'unsafe-eval' or 'unsafe-inline': the page runs only its own bundled scripts and styles and
 * loads nothing from the network.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
