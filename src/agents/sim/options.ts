/**
 * Options of the simulator agent: launch flags (argv) and per-prompt directives.
 *
 * Reply options (argv, and overridable per prompt by a directive):
 *   words=N     length of the reply text in words (default 60; "hi"/"hello" get a short greeting
 *               unless words is set explicitly)
 *   chunk=N     words per text_delta (default 2)
 *   delay=MS    milliseconds between deltas (default 15; 0 = as fast as stdout accepts)
 *   rate=N      deltas per second, paced on the clock (overrides delay; 0 = use delay)
 *   multibyte   mix multibyte UTF-8 words into the vocabulary (default on); `ascii` turns it off
 *   thinking    a thinking block before the text
 *   markdown    the text is markdown: a heading, some **bold** and `code` words, bullet lists
 *               and fenced code blocks between paragraphs (still `words` words of prose)
 *   tool        an Echo tool_use after the text, its tool_result, and a second message answering
 *   seq         every text_delta starts with a sequence marker ⟦n⟧, n = 1, 2, 3… per turn
 *   stamp       `"sim_ts":<Date.now()>` as the last key of every stream_event line
 *
 * argv syntax: `--words 2000` or `--words=2000`; flags `--thinking`, `--tool`, `--multibyte`,
 *   `--ascii`, `--markdown`, `--seq`, `--stamp`, each negatable as `--no-thinking` etc. (`--no-ascii` is
 *   `--multibyte`). `--session-id <uuid>` fixes the session id.
 *   Fault knobs (argv only, off by default): `--ignore-interrupt` (answer an interrupt request but
 *   keep streaming), `--ignore-sigint`, `--crash-after N` (after N deltas: stderr
 *   `sim: simulated crash`, exit 3), `--malformed-every N` (a line `this is not json {` before
 *   every Nth line), `--no-partials` (no stream_event / system status lines).
 *   The launch flags of `claude -p --input-format stream-json --output-format stream-json
 *   --verbose --include-partial-messages …` are accepted and ignored, so a host can start the
 *   simulator with the argv it uses for the real CLI; `--model <name>` and
 *   `--permission-mode <mode>` are taken (the mode from claude's choices, refused otherwise like
 *   the CLI does) and echoed in every system/init.
 *
 * Directive syntax: when the prompt's first line starts with `/sim` (then a space or the end of
 *   the line), that line is the directive and the rest of the prompt (after its newline) is the
 *   prompt text that seeds the reply. Tokens are separated by spaces: `words=N`, `chunk=N`,
 *   `delay=MS`, and the bare flags `thinking tool multibyte ascii markdown seq stamp` or `no-<flag>`.
 *   Example: `/sim words=2000 delay=5 chunk=3 thinking tool multibyte seq`.
 *
 * Invariants:
 * - Parsing is pure and total. A bad argv comes back as an error message (the caller exits 1,
 *   like the CLI on a bad flag); a bad directive token comes back as a warning and is skipped,
 *   because a typo in a prompt must not end a session.
 * - Numbers are non-negative integers; words and chunk are at least 1.
 */

import { PERMISSION_MODES, type PermissionMode } from '../../shared/protocol';

export interface ReplyOptions {
  /** null: not chosen, so a greeting prompt may get its short friendly reply. */
  words: number | null;
  chunk: number;
  delay: number;
  /** Deltas per second; when > 0 it paces the reply instead of `delay`. */
  rate: number;
  multibyte: boolean;
  thinking: boolean;
  markdown: boolean;
  tool: boolean;
  seq: boolean;
  stamp: boolean;
}

export interface FaultOptions {
  ignoreInterrupt: boolean;
  ignoreSigint: boolean;
  crashAfterDeltas: number | null;
  malformedEvery: number | null;
  partials: boolean;
}

export interface LaunchOptions {
  reply: ReplyOptions;
  faults: FaultOptions;
  sessionId: string | null;
  /** `--model`, echoed in system/init (null: the simulator's own name). */
  model: string | null;
  /** `--permission-mode`, echoed in system/init (null: `default`). */
  permissionMode: PermissionMode | null;
}

export type ArgvParse = { ok: true; options: LaunchOptions } | { ok: false; error: string };

export interface DirectiveParse {
  prompt: string;
  options: ReplyOptions;
  warnings: string[];
}

export const DEFAULT_WORDS = 60;

export const DEFAULT_REPLY_OPTIONS: Readonly<ReplyOptions> = {
  words: null,
  chunk: 2,
  delay: 15,
  rate: 0,
  multibyte: true,
  thinking: false,
  markdown: false,
  tool: false,
  seq: false,
  stamp: false,
};

export const DEFAULT_FAULT_OPTIONS: Readonly<FaultOptions> = {
  ignoreInterrupt: false,
  ignoreSigint: false,
  crashAfterDeltas: null,
  malformedEvery: null,
  partials: true,
};

type NumericReplyKey = 'words' | 'chunk' | 'delay' | 'rate';
type BooleanReplyKey = 'multibyte' | 'thinking' | 'markdown' | 'tool' | 'seq' | 'stamp';

const NUMERIC_MINIMUM: Record<NumericReplyKey, number> = { words: 1, chunk: 1, delay: 0, rate: 0 };
const BOOLEAN_KEYS: readonly BooleanReplyKey[] = ['multibyte', 'thinking', 'markdown', 'tool', 'seq', 'stamp'];

/** Flags of the real CLI that take a value: skipped with their value. */
const CLAUDE_VALUE_FLAGS = new Set([
  '--input-format',
  '--output-format',
  '--permission-prompt-tool',
  '--fallback-model',
  '--max-turns',
  '--resume',
  '-r',
  '--add-dir',
  '--allowedTools',
  '--disallowedTools',
  '--append-system-prompt',
  '--system-prompt',
  '--mcp-config',
  '--settings',
]);
const CLAUDE_BARE_FLAGS = new Set([
  '-p',
  '--print',
  '--verbose',
  '--include-partial-messages',
  '--replay-user-messages',
  '--continue',
  '-c',
  '--fork-session',
  '--dangerously-skip-permissions',
]);

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isPermissionMode(value: string): value is PermissionMode {
  return (PERMISSION_MODES as readonly string[]).includes(value);
}

function isNumericKey(key: string): key is NumericReplyKey {
  return key === 'words' || key === 'chunk' || key === 'delay' || key === 'rate';
}

function isBooleanKey(key: string): key is BooleanReplyKey {
  return (BOOLEAN_KEYS as readonly string[]).includes(key);
}

function parseCount(text: string, minimum: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= minimum ? value : null;
}

/**
 * Applies one bare flag (`thinking`, `no-seq`, `ascii`, …) to `options`.
 * Returns false when the flag is unknown.
 */
function applyFlag(options: ReplyOptions, flag: string): boolean {
  const negated = flag.startsWith('no-');
  const name = negated ? flag.slice(3) : flag;
  if (name === 'ascii') {
    options.multibyte = negated;
    return true;
  }
  if (!isBooleanKey(name)) return false;
  options[name] = !negated;
  return true;
}

export function parseArgv(argv: readonly string[]): ArgvParse {
  const reply: ReplyOptions = { ...DEFAULT_REPLY_OPTIONS };
  const faults: FaultOptions = { ...DEFAULT_FAULT_OPTIONS };
  let sessionId: string | null = null;
  let model: string | null = null;
  let permissionMode: PermissionMode | null = null;

  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] ?? '';
    const equals = argument.indexOf('=');
    const flag = argument.startsWith('--') && equals > 0 ? argument.slice(0, equals) : argument;
    const inlineValue = flag === argument ? null : argument.slice(equals + 1);
    const takeValue = (): string | null => {
      if (inlineValue !== null) return inlineValue;
      const next = argv[i + 1];
      if (next === undefined) return null;
      i++;
      return next;
    };

    if (CLAUDE_BARE_FLAGS.has(flag)) continue;
    if (CLAUDE_VALUE_FLAGS.has(flag)) {
      takeValue();
      continue;
    }

    const name = flag.startsWith('--') ? flag.slice(2) : '';
    if (isNumericKey(name) || name === 'crash-after' || name === 'malformed-every') {
      const raw = takeValue();
      const minimum = isNumericKey(name) ? NUMERIC_MINIMUM[name] : 1;
      const value = raw === null ? null : parseCount(raw, minimum);
      if (value === null) return { ok: false, error: `option '${flag}' needs an integer >= ${minimum}, got '${raw ?? ''}'` };
      if (name === 'crash-after') faults.crashAfterDeltas = value;
      else if (name === 'malformed-every') faults.malformedEvery = value;
      else reply[name] = value;
      continue;
    }
    if (name === 'model') {
      model = takeValue();
      if (model === null) return { ok: false, error: "option '--model <model>' argument missing" };
      continue;
    }
    if (name === 'permission-mode') {
      const raw = takeValue();
      if (raw === null || !isPermissionMode(raw)) {
        return { ok: false, error: `option '--permission-mode <mode>' argument '${raw ?? ''}' is invalid. Allowed choices are ${PERMISSION_MODES.join(', ')}.` };
      }
      permissionMode = raw;
      continue;
    }
    if (name === 'session-id') {
      const raw = takeValue();
      if (raw === null || !UUID_PATTERN.test(raw)) return { ok: false, error: 'Invalid session ID. Must be a valid UUID.' };
      sessionId = raw;
      continue;
    }
    if (inlineValue === null) {
      if (name === 'ignore-interrupt') {
        faults.ignoreInterrupt = true;
        continue;
      }
      if (name === 'ignore-sigint') {
        faults.ignoreSigint = true;
        continue;
      }
      if (name === 'no-partials') {
        faults.partials = false;
        continue;
      }
      if (name !== '' && applyFlag(reply, name)) continue;
    }
    return { ok: false, error: `unknown option '${argument}'` };
  }
  return { ok: true, options: { reply, faults, sessionId, model, permissionMode } };
}

const DIRECTIVE_PREFIX = '/sim';

/** Splits a leading `/sim …` line off the prompt and applies it on top of `base`. */
export function parseDirective(promptText: string, base: Readonly<ReplyOptions>): DirectiveParse {
  const options: ReplyOptions = { ...base };
  const newline = promptText.indexOf('\n');
  const firstLine = newline === -1 ? promptText : promptText.slice(0, newline);
  const isDirective = firstLine === DIRECTIVE_PREFIX || /^\/sim[ \t]/.test(firstLine);
  if (!isDirective) return { prompt: promptText, options, warnings: [] };

  const warnings: string[] = [];
  for (const token of firstLine.slice(DIRECTIVE_PREFIX.length).trim().split(/\s+/)) {
    if (token === '') continue;
    const equals = token.indexOf('=');
    if (equals > 0) {
      const key = token.slice(0, equals);
      const minimum = isNumericKey(key) ? NUMERIC_MINIMUM[key] : 0;
      const value = parseCount(token.slice(equals + 1), minimum);
      if (isNumericKey(key) && value !== null) options[key] = value;
      else warnings.push(`ignoring directive token '${token}'`);
    } else if (!applyFlag(options, token)) {
      warnings.push(`ignoring directive token '${token}'`);
    }
  }
  return { prompt: newline === -1 ? '' : promptText.slice(newline + 1), options, warnings };
}
