/**
 * Who is answering: the agent's label, and a "Simulated agent" pill when it is the built-in
 * simulator.
 *
 * Invariant: whenever `agent.kind === 'sim'`, the pill is visible; the simulator must never
 * pass for Claude.
 */

import type { AgentInfo } from '../../../../shared/session-view';

export const SIMULATOR_EXPLANATION = 'No claude CLI found; a built-in simulator is answering';

/** What the agent said about itself in `system/init`, for the badge's tooltip. */
export interface AgentFacts {
  cwd?: string | undefined;
  permissionMode?: string | undefined;
  toolCount?: number | undefined;
}

export function agentTooltip(agent: AgentInfo, facts: AgentFacts): string {
  const lines = [agent.commandLine];
  if (facts.cwd !== undefined) lines.push(`Working directory: ${facts.cwd}`);
  if (facts.permissionMode !== undefined) lines.push(`Permission mode: ${facts.permissionMode}`);
  if (facts.toolCount !== undefined) lines.push(`Tools: ${facts.toolCount}`);
  return lines.join('\n');
}

export function AgentBadge({ agent, model, facts = {} }: { agent: AgentInfo | undefined; model?: string | undefined; facts?: AgentFacts }) {
  if (agent === undefined) return <span className="agent-badge agent-badge-unknown">No agent yet</span>;
  return (
    <span className="agent-badge" title={agentTooltip(agent, facts)}>
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
