/**
 * What the Electron preload exposes on `window`. Only api.ts reads it; elsewhere the renderer
 * talks to the core through the `ConnectedApi` that api.ts returns.
 */

import type { SluiceApi } from '../../shared/protocol';

declare global {
  interface Window {
    /** Present under Electron (contextBridge), absent in a browser talking to the web host. */
    readonly sluice?: SluiceApi;
  }
}

export {};
