import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSettingsChange, resolveSessionSettings, type SettingsContext } from './session-settings';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const claude = (): SettingsContext => ({ defaultCwd: '/host/default', agentKind: 'claude' });

describe('resolveSessionSettings', () => {
  it('fills a left-out working directory with the host default and leaves model and mode to the CLI', () => {
    expect(resolveSessionSettings({}, claude())).toEqual({ cwd: '/host/default' });
  });

  it('takes an existing absolute folder, normalised, with a model and a mode', () => {
    expect(resolveSessionSettings({ cwd: `${dir}//sub/..`, model: 'sonnet', permissionMode: 'plan' }, claude())).toEqual({
      cwd: dir,
      model: 'sonnet',
      permissionMode: 'plan',
    });
  });

  it('accepts aliases and full model ids', () => {
    for (const model of ['opus', 'claude-sonnet-4-5-20250929', 'sonnet[1m]', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'claude-3-5-sonnet-v2@20241022']) {
      expect(resolveSessionSettings({ model }, claude()).model).toBe(model);
    }
  });

  it('refuses a model that could be read as a flag, or has spaces or shell characters, naming the field', () => {
    for (const model of ['--dangerously-skip-permissions', '-p', 'son net', 'sonnet;rm', 'a'.repeat(129), '', '$(id)']) {
      expect(() => resolveSessionSettings({ model }, claude())).toThrow(
        expect.objectContaining({ code: 'invalid-request', message: expect.stringMatching(/^Model: /) }),
      );
    }
  });

  it('refuses a relative path, naming it', () => {
    expect(() => resolveSessionSettings({ cwd: 'projects/app' }, claude())).toThrow(
      expect.objectContaining({ code: 'invalid-request', message: 'Working directory: projects/app is not an absolute path; give the whole path, like /home/you/project.' }),
    );
  });

  it('refuses a folder that does not exist, naming it', () => {
    const missing = join(dir, 'nope');
    expect(() => resolveSessionSettings({ cwd: missing }, claude())).toThrow(
      expect.objectContaining({ code: 'invalid-request', message: `Working directory: ${missing} does not exist (or Sluice may not read it).` }),
    );
  });

  it('refuses a file where a folder is needed', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'x');
    expect(() => resolveSessionSettings({ cwd: file }, claude())).toThrow(
      expect.objectContaining({ code: 'invalid-request', message: `Working directory: ${file} is a file, not a folder.` }),
    );
  });

  it('refuses a path with a NUL byte', () => {
    expect(() => resolveSessionSettings({ cwd: '/tmp\0/x' }, claude())).toThrow(expect.objectContaining({ code: 'invalid-request', message: expect.stringMatching(/^Working directory: /) }));
  });

  it('refuses a permission mode claude does not know', () => {
    expect(() => resolveSessionSettings({ permissionMode: 'yolo' as never }, claude())).toThrow(
      expect.objectContaining({
        code: 'invalid-request',
        message: 'Permission mode: "yolo" is not a permission mode; use one of default, acceptEdits, plan, auto, dontAsk, bypassPermissions.',
      }),
    );
  });

  it('gives a custom agent a folder but refuses it a model or mode with unsupported', () => {
    expect(resolveSessionSettings({ cwd: dir }, { defaultCwd: '/', agentKind: 'custom' })).toEqual({ cwd: dir });
    expect(() => resolveSessionSettings({ model: 'sonnet' }, { defaultCwd: '/', agentKind: 'custom' })).toThrow(expect.objectContaining({ code: 'unsupported' }));
  });
});

describe('checkSettingsChange', () => {
  it('keeps only the fields given, checked', () => {
    expect(checkSettingsChange({ model: 'opus' }, 'sim')).toEqual({ model: 'opus' });
    expect(checkSettingsChange({ permissionMode: 'acceptEdits' }, 'claude')).toEqual({ permissionMode: 'acceptEdits' });
    expect(() => checkSettingsChange({ model: '-x' }, 'claude')).toThrow(expect.objectContaining({ code: 'invalid-request' }));
  });
});
