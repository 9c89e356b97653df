import { describe, expect, it } from 'vitest';
import { parsePayload } from './commands';

describe('parsePayload: sessions:new', () => {
  it('accepts no settings, or any of model, cwd and permission mode', () => {
    expect(parsePayload('sessions:new', {})).toEqual({ ok: true, payload: {} });
    expect(parsePayload('sessions:new', undefined)).toEqual({ ok: true, payload: {} });
    const settings = { model: 'claude-sonnet-4-5-20250929', cwd: '/home/me/project', permissionMode: 'acceptEdits' };
    expect(parsePayload('sessions:new', settings)).toEqual({ ok: true, payload: settings });
  });

  it('refuses unknown keys (argv above all): the view never supplies a command line', () => {
    expect(parsePayload('sessions:new', { args: ['--dangerously-skip-permissions'] })).toMatchObject({ ok: false });
    expect(parsePayload('sessions:new', { cwd: '/tmp', command: '/bin/sh' })).toMatchObject({ ok: false });
  });

  it('refuses a model of unsafe characters, with a message that names the field', () => {
    expect(parsePayload('sessions:new', { model: '--print' })).toEqual({ ok: false, message: expect.stringMatching(/^Model: use a name like sonnet/) });
    expect(parsePayload('sessions:new', { model: 'son net' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Model: /) });
    expect(parsePayload('sessions:new', { model: '' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Model: /) });
    expect(parsePayload('sessions:new', { model: 'a'.repeat(129) })).toEqual({ ok: false, message: 'Model: at most 128 characters.' });
  });

  it('refuses a permission mode outside claude\'s choices, and paths beyond the bound', () => {
    expect(parsePayload('sessions:new', { permissionMode: 'manual' })).toEqual({
      ok: false,
      message: 'Permission mode: must be one of default, acceptEdits, plan, auto, dontAsk, bypassPermissions.',
    });
    expect(parsePayload('sessions:new', { cwd: `/${'a'.repeat(4096)}` })).toEqual({ ok: false, message: 'Working directory: at most 4096 characters.' });
    expect(parsePayload('sessions:new', { cwd: 42 })).toEqual({ ok: false, message: 'Working directory: must be text.' });
  });
});

describe('parsePayload: session:settings', () => {
  it('accepts a model, a mode, or both', () => {
    expect(parsePayload('session:settings', { model: 'opus' })).toEqual({ ok: true, payload: { model: 'opus' } });
    expect(parsePayload('session:settings', { permissionMode: 'plan', model: 'sonnet' })).toEqual({ ok: true, payload: { permissionMode: 'plan', model: 'sonnet' } });
  });

  it('refuses an empty change and a working directory (it cannot change live)', () => {
    expect(parsePayload('session:settings', {})).toEqual({ ok: false, message: 'Name a model or a permission mode to change.' });
    expect(parsePayload('session:settings', { cwd: '/tmp' })).toMatchObject({ ok: false });
  });
});

describe('parsePayload: app:pick-folder', () => {
  it('takes nothing', () => {
    expect(parsePayload('app:pick-folder', {})).toEqual({ ok: true, payload: {} });
    expect(parsePayload('app:pick-folder', { defaultPath: '/etc' })).toMatchObject({ ok: false });
  });
});
