/**
 * The environment that points a real `claude` CLI at the mock Messages API, hermetically.
 *
 * Invariants:
 * - Nothing of the developer's own Claude setup leaks in: every inherited `ANTHROPIC_*` and
 *   `CLAUDE*` variable is dropped, and HOME is the given throwaway directory (the CLI writes
 *   its config and transcripts there).
 * - The CLI's only traffic is to the mock (`CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC`), and an
 *   API error is reported at once instead of after minutes of retries (`CLAUDE_CODE_MAX_RETRIES=0`).
 * - `apiKey: null` leaves the CLI with no credentials at all ("Not logged in").
 */

export const DUMMY_API_KEY = 'sk-test-dummy';

export interface ClaudeEnvOptions {
  /** The mock's URL (`start().url`). */
  baseUrl: string;
  /** A throwaway home directory. */
  home: string;
  apiKey?: string | null;
  /** Inherited variables (default: this process's), before the Claude ones are dropped. */
  base?: NodeJS.ProcessEnv;
}

export function claudeEnv(options: ClaudeEnvOptions): NodeJS.ProcessEnv {
  const inherited = Object.entries(options.base ?? process.env).filter(([name]) => !/^(ANTHROPIC_|CLAUDE)/.test(name));
  const apiKey = options.apiKey === undefined ? DUMMY_API_KEY : options.apiKey;
  return {
    ...Object.fromEntries(inherited),
    HOME: options.home,
    ANTHROPIC_BASE_URL: options.baseUrl,
    ...(apiKey === null ? {} : { ANTHROPIC_API_KEY: apiKey }),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
  };
}
