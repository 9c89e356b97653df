/**
 * What the settings forms (the New session dialog, the header's Session settings) offer and what
 * they send: the words beside each permission mode, the model suggestions, and the translation of
 * the form's text fields into `SessionSettings` / `SettingsChange`.
 *
 * Invariants:
 * - An empty (or blank) field is left out, never sent as "": the host's folder, the CLI's model
 *   and the CLI's permission mode apply.
 * - A live change names only what differs from what the session runs with now; no difference
 *   is no request (`null`).
 * - Nothing here checks a value: main does (session-settings.ts), and its refusal is shown
 *   beside the field it names.
 */

import { PERMISSION_MODES, SETTING_LABELS, type PermissionMode, type SessionSettings, type SettingField, type SettingsChange } from '../../../../shared/protocol';

/** Aliases the claude CLI documents for `--model`; any other name or full id may be typed. */
export const MODEL_SUGGESTIONS = ['sonnet', 'opus', 'haiku', 'fable'] as const;

export const PERMISSION_MODE_HINTS: Record<PermissionMode, string> = {
  default: 'asks before edits and commands',
  acceptEdits: 'edits files without asking',
  plan: 'plans only, changes nothing',
  auto: 'decides itself when to ask',
  dontAsk: 'denies what is not allowed already',
  bypassPermissions: 'never asks (dangerous)',
};

export interface SettingsFormValues {
  cwd: string;
  model: string;
  /** '' is the CLI's own default. */
  permissionMode: PermissionMode | '';
}

export function newSessionSettings(values: SettingsFormValues): SessionSettings {
  const settings: SessionSettings = {};
  const cwd = values.cwd.trim();
  const model = values.model.trim();
  if (cwd !== '') settings.cwd = cwd;
  if (model !== '') settings.model = model;
  if (values.permissionMode !== '') settings.permissionMode = values.permissionMode;
  return settings;
}

/** What the session runs with now, as the header's form starts from it. */
export interface CurrentSettings {
  model: string;
  permissionMode: PermissionMode | '';
}

export function liveChange(current: CurrentSettings, values: Omit<SettingsFormValues, 'cwd'>): SettingsChange | null {
  const change: SettingsChange = {};
  const model = values.model.trim();
  if (model !== '' && model !== current.model) change.model = model;
  if (values.permissionMode !== '' && values.permissionMode !== current.permissionMode) change.permissionMode = values.permissionMode;
  return change.model === undefined && change.permissionMode === undefined ? null : change;
}

export function isPermissionMode(value: string | undefined): value is PermissionMode {
  return value !== undefined && (PERMISSION_MODES as readonly string[]).includes(value);
}

/** A refusal's message without the field label it starts with (it is shown beside that field). */
export function messageBesideField(field: SettingField | null, message: string): string {
  if (field === null) return message;
  const prefix = `${SETTING_LABELS[field]}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** The last folder of a path, for a compact header ("/home/me/app" → "app"). */
export function folderName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const name = trimmed.split(/[\\/]/).pop() ?? '';
  return name === '' ? path : name;
}
