/**
 * Connects the store to the core: events and connection changes flow in through the store's
 * actions, and `hello` is asked again on every (re)connection.
 *
 * Invariants:
 * - Subscription happens synchronously, before the transport can deliver anything, so the first
 *   event the store sees is the snapshot.
 * - The store subscribes with flow control on: it grants credits as it commits (session-slice.ts).
 * - The session list is asked for on every (re)connection, beside `hello`: a core that restarted
 *   lists what its journals hold now.
 */

import type { ConnectedApi } from '../api';
import type { AppStore } from './app-store';

export function bindStoreToApi(store: AppStore, api: ConnectedApi): () => void {
  const { receive, setConnection, setHello, refreshSessions } = store.getState();
  const unsubscribe = api.subscribe(receive, { flowControl: true });
  const unwatch = api.onConnectionChange((connection) => {
    setConnection(connection);
    if (connection === 'open') {
      api.hello().then(setHello, () => {
        // hello only labels the header; the snapshot carries the same agent facts.
      });
      void refreshSessions();
    }
  });
  return () => {
    unwatch();
    unsubscribe();
  };
}
