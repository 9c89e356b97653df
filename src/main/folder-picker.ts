/**
 * The Electron folder picker behind `app:pick-folder`: the native "choose a folder" dialog,
 * attached to Sluice's window.
 *
 * Invariants:
 * - Only folders can be chosen (`openDirectory`), one at a time; a cancelled dialog gives null.
 * - The path goes back to the view as a suggestion only: it comes back with `sessions:new` and is
 *   checked there like a typed one (session-settings.ts), so the picker grants nothing.
 * - Electron's dialog comes in as an argument (the narrow shape below), so this runs against a
 *   fake in plain Node.
 */

export interface OpenDialogResult {
  canceled: boolean;
  filePaths: string[];
}

export interface FolderDialogOptions {
  title: string;
  properties: Array<'openDirectory' | 'createDirectory'>;
}

/** The part of Electron's `dialog` this module uses. */
export interface FolderDialog<Window> {
  showOpenDialog(window: Window, options: FolderDialogOptions): Promise<OpenDialogResult>;
}

export const FOLDER_DIALOG_OPTIONS: FolderDialogOptions = { title: 'Working directory for the new session', properties: ['openDirectory', 'createDirectory'] };

/** A picker bound to the window that is showing when it is called; null when there is none. */
export function folderPicker<Window>(dialog: FolderDialog<Window>, currentWindow: () => Window | undefined): () => Promise<string | null> {
  return async () => {
    const window = currentWindow();
    if (window === undefined) return null;
    const result = await dialog.showOpenDialog(window, FOLDER_DIALOG_OPTIONS);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
