import { describe, expect, it } from 'vitest';
import { isNewSessionDialogKey, isNewSessionKey, newSessionDialogKeys, newSessionKeys, type KeyLike } from './new-session-shortcut';

function key(overrides: Partial<KeyLike>): KeyLike {
  return { key: 'n', code: 'KeyN', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, repeat: false, isComposing: false, ...overrides };
}

describe('the new-session shortcut', () => {
  it('is Ctrl+N (⌘N on Apple) in the Electron window', () => {
    expect(newSessionKeys('electron', false)).toEqual({ label: 'Ctrl+N', aria: 'Control+N' });
    expect(newSessionKeys('electron', true)).toEqual({ label: '⌘N', aria: 'Meta+N' });
    expect(isNewSessionKey(key({ ctrlKey: true }), 'electron', false)).toBe(true);
    expect(isNewSessionKey(key({ metaKey: true }), 'electron', true)).toBe(true);
    expect(isNewSessionKey(key({ ctrlKey: true }), 'electron', true)).toBe(false);
    expect(isNewSessionKey(key({ ctrlKey: true, shiftKey: true }), 'electron', false)).toBe(false);
  });

  it('is Alt+N in a browser, where Ctrl+N belongs to the browser, matched by the physical key', () => {
    expect(newSessionKeys('web', false)).toEqual({ label: 'Alt+N', aria: 'Alt+N' });
    expect(newSessionKeys(undefined, true)).toEqual({ label: '⌥N', aria: 'Alt+N' });
    expect(isNewSessionKey(key({ altKey: true }), 'web', false)).toBe(true);
    // ⌥N on a Mac layout types a dead key: the key value is not "n".
    expect(isNewSessionKey(key({ altKey: true, key: 'Dead' }), 'web', true)).toBe(true);
    expect(isNewSessionKey(key({ ctrlKey: true }), 'web', false)).toBe(false);
    expect(isNewSessionKey(key({ altKey: true, ctrlKey: true }), 'web', false)).toBe(false);
  });

  it('ignores key repeats and input-method compositions', () => {
    expect(isNewSessionKey(key({ altKey: true, repeat: true }), 'web', false)).toBe(false);
    expect(isNewSessionKey(key({ altKey: true, isComposing: true }), 'web', false)).toBe(false);
  });

  it('opens the New session dialog with Shift added, and only then', () => {
    expect(newSessionDialogKeys('web', false)).toEqual({ label: 'Alt+Shift+N', aria: 'Alt+Shift+N' });
    expect(newSessionDialogKeys('electron', false)).toEqual({ label: 'Ctrl+Shift+N', aria: 'Control+Shift+N' });
    expect(newSessionDialogKeys('electron', true)).toEqual({ label: '⇧⌘N', aria: 'Meta+Shift+N' });
    expect(isNewSessionDialogKey(key({ altKey: true, shiftKey: true, key: 'N' }), 'web', false)).toBe(true);
    expect(isNewSessionDialogKey(key({ ctrlKey: true, shiftKey: true, key: 'N' }), 'electron', false)).toBe(true);
    expect(isNewSessionDialogKey(key({ altKey: true }), 'web', false)).toBe(false);
    expect(isNewSessionKey(key({ altKey: true, shiftKey: true }), 'web', false)).toBe(false);
    expect(isNewSessionDialogKey(key({ altKey: true, shiftKey: true, repeat: true }), 'web', false)).toBe(false);
  });
});
