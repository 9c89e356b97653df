/**
 * The person's controls over a running turn: for now, interrupting it.
 *
 * Invariants:
 * - `interrupt` is safe to call at any time and any number of times: the core decides whether
 *   there is a turn to stop and how far to escalate; a refusal is never thrown at the person.
 * - The visible state of an interrupt (which step) comes from the core (`session.interrupt`),
 *   not from here: the view shows what the core is actually doing.
 */

import type { StateCreator } from 'zustand';
import type { SluiceApi } from '../../../shared/protocol';
import type { AppState } from './app-store';

export interface ControlsSlice {
  interrupt(): Promise<void>;
}

export interface ControlsSliceDeps {
  api: Pick<SluiceApi, 'interrupt'>;
}

export function createControlsSlice(deps: ControlsSliceDeps): StateCreator<AppState, [], [], ControlsSlice> {
  return () => ({
    interrupt: async () => {
      try {
        await deps.api.interrupt();
      } catch {
        // Disconnected or no turn: the status bar already says which; nothing to stop.
      }
    },
  });
}
