import { describe, expect, it } from 'vitest';
import { folderName, liveChange, messageBesideField, newSessionSettings } from './settings-form';

describe('newSessionSettings', () => {
  it('sends what was filled in, trimmed, and leaves empty fields out', () => {
    expect(newSessionSettings({ cwd: ' /work/app ', model: 'sonnet', permissionMode: 'plan' })).toEqual({ cwd: '/work/app', model: 'sonnet', permissionMode: 'plan' });
    expect(newSessionSettings({ cwd: '', model: '   ', permissionMode: '' })).toEqual({});
  });
});

describe('liveChange', () => {
  const current = { model: 'sonnet', permissionMode: 'default' as const };

  it('names only what differs from what the session runs with', () => {
    expect(liveChange(current, { model: 'opus', permissionMode: 'default' })).toEqual({ model: 'opus' });
    expect(liveChange(current, { model: 'sonnet', permissionMode: 'plan' })).toEqual({ permissionMode: 'plan' });
    expect(liveChange(current, { model: ' opus ', permissionMode: 'acceptEdits' })).toEqual({ model: 'opus', permissionMode: 'acceptEdits' });
  });

  it('is no request when nothing changed, or the model was emptied', () => {
    expect(liveChange(current, { model: 'sonnet', permissionMode: 'default' })).toBeNull();
    expect(liveChange(current, { model: '', permissionMode: 'default' })).toBeNull();
  });
});

describe('messageBesideField', () => {
  it('drops the label a refusal starts with when shown beside that field', () => {
    expect(messageBesideField('cwd', 'Working directory: /nope does not exist.')).toBe('/nope does not exist.');
    expect(messageBesideField('model', 'Working directory: /nope does not exist.')).toBe('Working directory: /nope does not exist.');
    expect(messageBesideField(null, 'Model: x')).toBe('Model: x');
  });
});

describe('folderName', () => {
  it('is the last folder of the path', () => {
    expect(folderName('/home/me/app')).toBe('app');
    expect(folderName('/home/me/app/')).toBe('app');
    expect(folderName('C:\\Users\\me\\app')).toBe('app');
    expect(folderName('/')).toBe('/');
  });
});
