/**
 * The bottom line of the window: the streaming state (a polite live region, so a screen reader
 * hears "Streaming…" and "Ready" but not every counter tick), the agent, the session and the
 * stream counters.
 */

import { useAppStore } from '../../store/store-context';
import { selectAgent, selectStatusText, selectStreamingState } from '../../store/selectors';
import { AgentBadge } from './AgentBadge';
import { formatBytes, plural } from './human-units';

const SHORT_ID_CHARS = 8;

export function StatusBar() {
  const statusText = useAppStore(selectStatusText);
  const streamingState = useAppStore(selectStreamingState);
  const agent = useAppStore(selectAgent);
  const sessionId = useAppStore((state) => state.session?.id ?? state.hello?.sessionId);
  const agentSessionId = useAppStore((state) => state.session?.agentSessionId);
  const counters = useAppStore((state) => state.session?.counters);

  return (
    <footer className="status-bar">
      <span className={`status-state state-${streamingState}`} role="status" aria-live="polite">
        <span className="status-dot" aria-hidden="true" />
        {statusText}
      </span>
      <AgentBadge agent={agent} />
      {sessionId !== undefined && (
        <span
          className="status-session"
          title={agentSessionId === undefined ? `Session ${sessionId}` : `Session ${sessionId}\nAgent session ${agentSessionId}`}
        >
          Session <code>{shortId(sessionId)}</code>
        </span>
      )}
      {counters !== undefined && (
        <span className="status-counters">
          <span>{plural(counters.lines, 'line')}</span>
          <span>{formatBytes(counters.bytes)}</span>
          <span className={counters.parseErrors > 0 ? 'status-parse-errors has-errors' : 'status-parse-errors'}>
            {plural(counters.parseErrors, 'parse error')}
          </span>
        </span>
      )}
    </footer>
  );
}

function shortId(id: string): string {
  // Session ids start with a timestamp; the random tail is what tells two sessions apart.
  return id.length <= SHORT_ID_CHARS ? id : id.slice(-SHORT_ID_CHARS);
}
