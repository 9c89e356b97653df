/**
 * Main's check of the settings a view asks a session to run with: model, working directory and
 * permission mode. The view only ever sends these as data; what reaches a process is decided
 * here and in agent-launch.ts (`launchWithSettings`).
 *
 * Invariants:
 * - A model is 1..MAX_MODEL_CHARS characters of MODEL_PATTERN: letters, digits and `. _ - : @ / [ ]`,
 *   never a leading `-` (it could not be mistaken for a flag even if it were not its own argv
 *   word), never a space.
 * - A working directory is an absolute path to a directory that exists now; it is normalised
 *   (`..`, doubled slashes) before use, and a refusal names the path as given.
 * - A permission mode is one of PERMISSION_MODES.
 * - Left-out fields: the working directory becomes the host's default, model and mode stay
 *   unset (the CLI's own defaults apply, and no flag is passed).
 * - Every refusal is a SluiceError `invalid-request` whose message starts with the field's label
 *   (SETTING_LABELS), so a view can show it beside that field. A model or mode for a custom
 *   agent (`--agent-cmd`) is refused with `unsupported`: Sluice does not know its flags.
 *   The simulator takes claude's `--model` and `--permission-mode` and echoes them.
 */

import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { SluiceError, agentError } from '../../shared/agent-error';
import {
  MAX_CWD_CHARS,
  MAX_MODEL_CHARS,
  MODEL_PATTERN,
  PERMISSION_MODES,
  SETTING_LABELS,
  type PermissionMode,
  type SessionSettings,
  type SettingsChange,
} from '../../shared/protocol';
import type { AgentKind } from '../../shared/session-view';

/** Settings main has checked: `cwd` always present, absolute and normalised. */
export interface ResolvedSessionSettings {
  cwd: string;
  model?: string;
  permissionMode?: PermissionMode;
}

export interface SettingsContext {
  /** The host's working directory for sessions that name none. */
  defaultCwd: string;
  agentKind: AgentKind;
}

export function resolveSessionSettings(requested: SessionSettings, context: SettingsContext): ResolvedSessionSettings {
  const resolved: ResolvedSessionSettings = { cwd: requested.cwd === undefined ? context.defaultCwd : checkedCwd(requested.cwd) };
  Object.assign(resolved, checkSettingsChange({ model: requested.model, permissionMode: requested.permissionMode }, context.agentKind));
  return resolved;
}

/** The part of the settings that can change while the agent runs; only the fields given. */
export function checkSettingsChange(change: SettingsChange, agentKind: AgentKind): SettingsChange {
  const checked: SettingsChange = {};
  if (change.model !== undefined) checked.model = checkedModel(change.model);
  if (change.permissionMode !== undefined) checked.permissionMode = checkedPermissionMode(change.permissionMode);
  if (agentKind === 'custom' && (checked.model !== undefined || checked.permissionMode !== undefined)) {
    throw new SluiceError(
      agentError('unsupported', 'A custom agent (--agent-cmd) gets no model or permission mode from Sluice: its flags are unknown. Set them in the agent command.'),
    );
  }
  return checked;
}

function checkedModel(model: string): string {
  if (model.length === 0 || model.length > MAX_MODEL_CHARS || !MODEL_PATTERN.test(model)) {
    throw invalid(
      'model',
      `"${shown(model)}" is not a model name. Use an alias like sonnet or a full id like claude-sonnet-4-5-20250929 (letters, digits and . _ - : @ / [ ], at most ${MAX_MODEL_CHARS} characters, no spaces).`,
    );
  }
  return model;
}

function checkedPermissionMode(mode: string): PermissionMode {
  if (!(PERMISSION_MODES as readonly string[]).includes(mode)) {
    throw invalid('permissionMode', `"${shown(mode)}" is not a permission mode; use one of ${PERMISSION_MODES.join(', ')}.`);
  }
  return mode as PermissionMode;
}

function checkedCwd(cwd: string): string {
  if (cwd.length === 0 || cwd.length > MAX_CWD_CHARS || cwd.includes('\0')) {
    throw invalid('cwd', `"${shown(cwd)}" is not a usable path.`);
  }
  if (!isAbsolute(cwd)) throw invalid('cwd', `${cwd} is not an absolute path; give the whole path, like /home/you/project.`);
  const path = resolve(cwd);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw invalid('cwd', `${cwd} does not exist (or Sluice may not read it).`);
  }
  if (!isDirectory) throw invalid('cwd', `${cwd} is a file, not a folder.`);
  return path;
}

function invalid(field: keyof typeof SETTING_LABELS, message: string): SluiceError {
  return new SluiceError(agentError('invalid-request', `${SETTING_LABELS[field]}: ${message}`));
}

/** A refused value quoted back, bounded so a huge input cannot flood the message. */
function shown(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
