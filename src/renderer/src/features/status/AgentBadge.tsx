/**
 * Who is answering: the agent's label, and a "Simulated agent" pill when it is the built-in
 * simulator.
 *
 * Invariant: whenever `agent.kind === 'sim'`, the pill is visible; the simulator must never
 * pass for Claude.
 */

import type { AgentInfo } from '../../../../shared/session-view';

export const SIMULATOR_EXPLANATION = 'No claude CLI found; a built-in simulator is answering';

export function AgentBadge({ agent, model }: { agent: AgentInfo | undefined; model?: string | undefined }) {
  if (agent === undefined) return <span className="agent-badge agent-badge-unknown">No agent yet</span>;
  return (
    <span className="agent-badge" title={agent.commandLine}>
      <span className="agent-label">{agent.label}</span>
      {model !== undefined && model !== '' && <span className="agent-model">{model}</span>}
      {agent.kind === 'sim' && (
        <span className="pill pill-sim" title={SIMULATOR_EXPLANATION}>
          Simulated agent
        </span>
      )}
    </span>
  );
}
