/**
 * What an empty conversation shows: what Sluice is, who will answer, and the keys to use.
 *
 * Invariant: when the simulator answers, this says so in plain words; nobody should mistake
 * it for Claude.
 */

import { useAppStore } from '../../store/store-context';
import { selectAgent } from '../../store/selectors';
import { composerShortcutModifier } from './composer-shortcut';

export function EmptyState() {
  const agent = useAppStore(selectAgent);
  return (
    <div className="empty-state">
      <h1 className="empty-state-title">Welcome to Sluice</h1>
      <p>
        Sluice streams an agent&rsquo;s answer as it is written &mdash; text, thinking and tool calls &mdash; and keeps
        every line it receives in a journal, so nothing is lost on the way.
      </p>
      <p className="empty-state-agent">
        {agent === undefined
          ? 'Waiting for the agent…'
          : agent.kind === 'sim'
            ? 'No claude CLI was found, so the built-in simulator answers. It speaks the same stream-json protocol as Claude Code, with made-up replies.'
            : `${agent.label} answers your messages.`}
      </p>
      <p className="empty-state-keys">
        <kbd>Enter</kbd> sends &middot; <kbd>Shift</kbd>+<kbd>Enter</kbd> adds a line &middot;{' '}
        <kbd>{composerShortcutModifier()}</kbd>+<kbd>L</kbd> focuses the message box &middot;{' '}
        <kbd>{composerShortcutModifier()}</kbd>+<kbd>D</kbd> shows the stream dashboard
      </p>
    </div>
  );
}
