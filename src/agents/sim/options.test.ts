import { describe, expect, it } from 'vitest';
import type { LaunchOptions } from './options';
import { DEFAULT_FAULT_OPTIONS, DEFAULT_REPLY_OPTIONS, parseArgv, parseDirective } from './options';

function launch(argv: string[]): LaunchOptions {
  const parsed = parseArgv(argv);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.options;
}

describe('parseArgv', () => {
  it('uses the defaults without arguments', () => {
    expect(launch([])).toEqual({ reply: DEFAULT_REPLY_OPTIONS, faults: DEFAULT_FAULT_OPTIONS, sessionId: null, model: null, permissionMode: null });
    expect(DEFAULT_REPLY_OPTIONS).toMatchObject({ words: null, chunk: 2, delay: 15, multibyte: true });
  });

  it('reads numbers as `--key value` and `--key=value`', () => {
    expect(launch(['--words', '2000', '--chunk=3', '--delay', '0']).reply).toMatchObject({ words: 2000, chunk: 3, delay: 0 });
  });

  it('reads flags, their --no- negations, and --ascii', () => {
    const reply = launch(['--thinking', '--tool', '--seq', '--stamp', '--ascii']).reply;
    expect(reply).toMatchObject({ thinking: true, tool: true, seq: true, stamp: true, multibyte: false });
    expect(launch(['--ascii', '--multibyte', '--thinking', '--no-thinking']).reply).toMatchObject({ multibyte: true, thinking: false });
  });

  it('reads the fault knobs', () => {
    expect(launch(['--ignore-interrupt', '--ignore-sigint', '--crash-after', '5', '--malformed-every=7', '--no-partials']).faults).toEqual({
      ignoreInterrupt: true,
      ignoreSigint: true,
      crashAfterDeltas: 5,
      malformedEvery: 7,
      partials: false,
    });
  });

  it("accepts and ignores the real CLI's launch flags", () => {
    const argv = ['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose', '--include-partial-messages', '--model', 'sonnet', '--words', '9'];
    expect(launch(argv).reply.words).toBe(9);
  });

  it('takes --model and --permission-mode, and refuses a mode claude would refuse', () => {
    expect(launch(['--model', 'sonnet', '--permission-mode', 'plan'])).toMatchObject({ model: 'sonnet', permissionMode: 'plan' });
    expect(launch(['--model=claude-sonnet-4-5-20250929']).model).toBe('claude-sonnet-4-5-20250929');
    expect(parseArgv(['--permission-mode', 'bogus'])).toEqual({
      ok: false,
      error: "option '--permission-mode <mode>' argument 'bogus' is invalid. Allowed choices are default, acceptEdits, plan, auto, dontAsk, bypassPermissions.",
    });
  });

  it('takes a session id that is a UUID', () => {
    expect(launch(['--session-id', 'aaaaaaaa-0000-4000-8000-000000000001']).sessionId).toBe('aaaaaaaa-0000-4000-8000-000000000001');
    expect(parseArgv(['--session-id', 'nope'])).toEqual({ ok: false, error: 'Invalid session ID. Must be a valid UUID.' });
  });

  it('rejects unknown flags and bad numbers', () => {
    expect(parseArgv(['--bogus'])).toEqual({ ok: false, error: "unknown option '--bogus'" });
    expect(parseArgv(['--words', 'many'])).toMatchObject({ ok: false });
    expect(parseArgv(['--chunk', '0'])).toMatchObject({ ok: false });
    expect(parseArgv(['--delay'])).toMatchObject({ ok: false });
    expect(parseArgv(['--thinking=yes'])).toMatchObject({ ok: false });
  });
});

describe('parseDirective', () => {
  it('applies a leading /sim line and strips it from the prompt', () => {
    const parsed = parseDirective('/sim words=2000 delay=5 chunk=3 thinking tool multibyte markdown seq\nTell me about rivers', DEFAULT_REPLY_OPTIONS);
    expect(parsed.prompt).toBe('Tell me about rivers');
    expect(parsed.options).toEqual({ ...DEFAULT_REPLY_OPTIONS, words: 2000, delay: 5, chunk: 3, thinking: true, tool: true, multibyte: true, markdown: true, seq: true });
    expect(parsed.warnings).toEqual([]);
  });

  it('turns options off with ascii and no-<flag>', () => {
    const base = { ...DEFAULT_REPLY_OPTIONS, thinking: true, stamp: true };
    expect(parseDirective('/sim ascii no-thinking no-stamp', base).options).toMatchObject({ multibyte: false, thinking: false, stamp: false });
  });

  it('leaves a prompt without a directive untouched', () => {
    expect(parseDirective('hello /sim words=3', DEFAULT_REPLY_OPTIONS)).toEqual({ prompt: 'hello /sim words=3', options: DEFAULT_REPLY_OPTIONS, warnings: [] });
    expect(parseDirective('/simulate this', DEFAULT_REPLY_OPTIONS).prompt).toBe('/simulate this');
  });

  it('treats a lone directive as an empty prompt', () => {
    expect(parseDirective('/sim words=4', DEFAULT_REPLY_OPTIONS)).toMatchObject({ prompt: '', options: { words: 4 } });
  });

  it('skips unknown or invalid tokens with a warning', () => {
    const parsed = parseDirective('/sim words=0 colour=red fast words=3\nhi', DEFAULT_REPLY_OPTIONS);
    expect(parsed.options.words).toBe(3);
    expect(parsed.warnings).toEqual(["ignoring directive token 'words=0'", "ignoring directive token 'colour=red'", "ignoring directive token 'fast'"]);
  });

  it('does not change the options it starts from', () => {
    const base = { ...DEFAULT_REPLY_OPTIONS };
    parseDirective('/sim words=9 thinking', base);
    expect(base).toEqual(DEFAULT_REPLY_OPTIONS);
  });
});
