/**
 * The labelled fields both settings forms are made of (the New session dialog and the header's
 * Session settings).
 *
 * Invariant: a field shows its hint, or, when main refused its value, the refusal instead, as an
 * alert the control names with `aria-describedby` (id `<control id>-error`) and `aria-invalid`.
 */

import type { ReactNode, RefObject } from 'react';
import { PERMISSION_MODES, type PermissionMode } from '../../../../shared/protocol';
import { MODEL_SUGGESTIONS, PERMISSION_MODE_HINTS } from './settings-form';

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error: string | null;
  children: ReactNode;
}

/** A label, the control, then either its hint or the refusal that concerns it. */
export function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div className="settings-field">
      <label className="settings-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error !== null ? (
        <p className="settings-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : (
        hint !== undefined && <p className="settings-hint">{hint}</p>
      )}
    </div>
  );
}

interface TextInputProps {
  id: string;
  value: string;
  placeholder: string;
  error: string | null;
  onChange(value: string): void;
  list?: string;
  inputRef?: RefObject<HTMLInputElement | null>;
}

export function TextInput({ id, value, placeholder, error, onChange, list, inputRef }: TextInputProps) {
  return (
    <input
      ref={inputRef}
      id={id}
      className="settings-input"
      type="text"
      value={value}
      placeholder={placeholder}
      list={list}
      spellCheck={false}
      autoComplete="off"
      autoCapitalize="off"
      aria-invalid={error !== null || undefined}
      aria-describedby={error !== null ? `${id}-error` : undefined}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

interface PermissionModeSelectProps {
  id: string;
  value: PermissionMode | '';
  error: string | null;
  onChange(value: PermissionMode | ''): void;
  /** Offers '' (leave the mode to the CLI): a new session can; a running one has a mode already. */
  offerCliDefault: boolean;
}

export function PermissionModeSelect({ id, value, error, onChange, offerCliDefault }: PermissionModeSelectProps) {
  return (
    <select
      id={id}
      className="settings-input"
      value={value}
      aria-invalid={error !== null || undefined}
      aria-describedby={error !== null ? `${id}-error` : undefined}
      onChange={(event) => onChange(event.target.value as PermissionMode | '')}
    >
      {offerCliDefault && <option value="">CLI default</option>}
      {PERMISSION_MODES.map((mode) => (
        <option key={mode} value={mode}>
          {mode} — {PERMISSION_MODE_HINTS[mode]}
        </option>
      ))}
    </select>
  );
}

/** The model aliases a model field suggests (`list={id}`); any other name may be typed. */
export function ModelSuggestions({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {MODEL_SUGGESTIONS.map((alias) => (
        <option key={alias} value={alias} />
      ))}
    </datalist>
  );
}
