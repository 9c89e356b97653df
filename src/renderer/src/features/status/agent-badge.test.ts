import { describe, expect, it } from 'vitest';
import { agentTooltip } from './AgentBadge';

describe('agentTooltip', () => {
  it('lists what the agent said about itself in system/init', () => {
    const agent = { kind: 'claude' as const, label: 'Claude Code 2.1.197', commandLine: 'claude -p …' };
    expect(agentTooltip(agent, { cwd: '/home/me/project', permissionMode: 'default', toolCount: 22 })).toBe(
      'claude -p …\nWorking directory: /home/me/project\nPermission mode: default\nTools: 22',
    );
    expect(agentTooltip(agent, {})).toBe('claude -p …');
  });
});
