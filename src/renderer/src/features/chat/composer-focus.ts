/**
 * A way back to the message box for controls that disappear once used (Continue, Retry, an
 * approval card): they hand focus to the composer instead of dropping it on the page.
 *
 * Invariant: without a provider (tests, previews) focusing is a no-op, never an error.
 */

import { createContext, useContext } from 'react';

export const ComposerFocusContext = createContext<() => void>(() => {});

export function useFocusComposer(): () => void {
  return useContext(ComposerFocusContext);
}
