import { describe, expect, it } from 'vitest';
import { FOLDER_DIALOG_OPTIONS, folderPicker, type FolderDialog, type FolderDialogOptions, type OpenDialogResult } from './folder-picker';

/** Electron's dialog as the picker sees it: records each call, answers with what the test set. */
class FakeDialog implements FolderDialog<string> {
  readonly calls: Array<{ window: string; options: FolderDialogOptions }> = [];
  constructor(private readonly answer: OpenDialogResult) {}

  async showOpenDialog(window: string, options: FolderDialogOptions): Promise<OpenDialogResult> {
    this.calls.push({ window, options });
    return this.answer;
  }
}

describe('folderPicker', () => {
  it('opens a folders-only dialog on the current window and gives the chosen path', async () => {
    const dialog = new FakeDialog({ canceled: false, filePaths: ['/home/me/project'] });
    expect(await folderPicker(dialog, () => 'main-window')()).toBe('/home/me/project');
    expect(dialog.calls).toEqual([{ window: 'main-window', options: FOLDER_DIALOG_OPTIONS }]);
    expect(FOLDER_DIALOG_OPTIONS.properties).toContain('openDirectory');
    expect(FOLDER_DIALOG_OPTIONS.properties).not.toContain('openFile');
  });

  it('gives null when the person cancels', async () => {
    expect(await folderPicker(new FakeDialog({ canceled: true, filePaths: [] }), () => 'main-window')()).toBeNull();
  });

  it('opens nothing and gives null while there is no window', async () => {
    const dialog = new FakeDialog({ canceled: false, filePaths: ['/x'] });
    expect(await folderPicker(dialog, () => undefined)()).toBeNull();
    expect(dialog.calls).toEqual([]);
  });
});
