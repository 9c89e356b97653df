import { describe, expect, it } from 'vitest';
import { DUMMY_API_KEY, claudeEnv } from './claude-env';

const base = { PATH: '/usr/bin', ANTHROPIC_API_KEY: 'sk-real', ANTHROPIC_MODEL: 'x', CLAUDE_CONFIG_DIR: '/me/.claude', CLAUDECODE: '1', HOME: '/me' };

describe('claudeEnv', () => {
  it('points the CLI at the mock with a dummy key and drops the developer’s own Claude variables', () => {
    expect(claudeEnv({ baseUrl: 'http://127.0.0.1:1', home: '/tmp/h', base })).toEqual({
      PATH: '/usr/bin',
      HOME: '/tmp/h',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:1',
      ANTHROPIC_API_KEY: DUMMY_API_KEY,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_MAX_RETRIES: '0',
    });
  });

  it('leaves out the API key entirely when asked for no credentials', () => {
    expect(claudeEnv({ baseUrl: 'http://127.0.0.1:1', home: '/tmp/h', base, apiKey: null })).not.toHaveProperty('ANTHROPIC_API_KEY');
  });
});
