/**
 * The New session dialog: working directory, model and permission mode, then Start.
 *
 * Invariants:
 * - A modal `<dialog>` named `New session` (its heading); mounted only while open, so every
 *   opening starts from the host's defaults: the host's folder (`hello.sessionDefaults`), the
 *   CLI's model and mode.
 * - Keyboard first: the working directory has focus (its text selected) on opening; Enter in any
 *   field, or Start, creates the session; Escape cancels from anywhere in the dialog and never
 *   interrupts a streaming turn behind it; focus goes back where it was (cancel) or to the message
 *   box (started).
 * - A refusal from main keeps the dialog open and shows its message under the field it names
 *   (`aria-invalid`, `aria-describedby`, focus on that field); a refusal that names no field shows
 *   above the buttons.
 * - `Choose…` (the native folder picker) exists only in the Electron window; the web host has the
 *   text field alone. A picked folder only fills the field: main checks it like a typed one.
 */

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { SettingField } from '../../../../shared/protocol';
import { NEW_SESSION_SWITCH } from '../../store/sessions-slice';
import { useAppStore, useStoreApi } from '../../store/store-context';
import { useFocusComposer } from '../chat/composer-focus';
import { messageBesideField, newSessionSettings, type SettingsFormValues } from './settings-form';
import { Field, ModelSuggestions, PermissionModeSelect, TextInput } from './SettingsFields';

export const NEW_SESSION_TITLE_ID = 'new-session-title';
const MODEL_LIST_ID = 'new-session-models';
const FIELD_IDS: Record<SettingField, string> = { cwd: 'new-session-cwd', model: 'new-session-model', permissionMode: 'new-session-mode' };

export function NewSessionDialog() {
  const open = useAppStore((state) => state.newSessionDialogOpen);
  return open ? <NewSessionForm /> : null;
}

function NewSessionForm() {
  const store = useStoreApi();
  const focusComposer = useFocusComposer();
  const defaultCwd = useAppStore((state) => state.hello?.sessionDefaults.cwd ?? '');
  const canPick = useAppStore((state) => state.hello?.transport === 'electron');
  const starting = useAppStore((state) => state.sessionSwitch === NEW_SESSION_SWITCH);
  const error = useAppStore((state) => state.newSessionError);
  const [values, setValues] = useState<SettingsFormValues>({ cwd: defaultCwd, model: '', permissionMode: '' });
  const dialogRef = useRef<HTMLDialogElement | null>(null);
  const cwdRef = useRef<HTMLInputElement | null>(null);
  const openerRef = useRef<Element | null>(null);

  useEffect(() => {
    openerRef.current = document.activeElement;
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
    cwdRef.current?.focus();
    cwdRef.current?.select();
  }, []);

  useEffect(() => {
    if (error?.field) document.getElementById(FIELD_IDS[error.field])?.focus();
  }, [error]);

  function cancel(): void {
    store.getState().closeNewSessionDialog();
    const opener = openerRef.current;
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (await store.getState().startSession(newSessionSettings(values))) focusComposer();
  }

  async function choose(): Promise<void> {
    const path = await store.getState().pickFolder();
    if (path !== null) setValues((current) => ({ ...current, cwd: path }));
    cwdRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>): void {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    // Handled here: the window's Escape (interrupt) sees defaultPrevented and stays out of it.
    event.preventDefault();
    cancel();
  }

  const fieldError = (field: SettingField) => (error?.field === field ? messageBesideField(field, error.message) : null);

  return (
    <dialog
      ref={dialogRef}
      className="settings-dialog"
      aria-labelledby={NEW_SESSION_TITLE_ID}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
    >
      <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
        <h2 className="settings-title" id={NEW_SESSION_TITLE_ID}>
          New session
        </h2>
        <Field id={FIELD_IDS.cwd} label="Working directory" hint="An absolute path; the agent runs there." error={fieldError('cwd')}>
          <div className="settings-row">
            <TextInput
              id={FIELD_IDS.cwd}
              inputRef={cwdRef}
              value={values.cwd}
              placeholder="/path/to/project"
              error={fieldError('cwd')}
              onChange={(cwd) => setValues((current) => ({ ...current, cwd }))}
            />
            {canPick && (
              <button type="button" className="settings-button" onClick={() => void choose()}>
                Choose…
              </button>
            )}
          </div>
        </Field>
        <Field id={FIELD_IDS.model} label="Model" hint="Empty: the CLI’s default. An alias or a full model id." error={fieldError('model')}>
          <TextInput
            id={FIELD_IDS.model}
            value={values.model}
            placeholder="CLI default"
            list={MODEL_LIST_ID}
            error={fieldError('model')}
            onChange={(model) => setValues((current) => ({ ...current, model }))}
          />
          <ModelSuggestions id={MODEL_LIST_ID} />
        </Field>
        <Field id={FIELD_IDS.permissionMode} label="Permission mode" error={fieldError('permissionMode')}>
          <PermissionModeSelect
            id={FIELD_IDS.permissionMode}
            value={values.permissionMode}
            error={fieldError('permissionMode')}
            offerCliDefault
            onChange={(permissionMode) => setValues((current) => ({ ...current, permissionMode }))}
          />
        </Field>
        {error !== null && error.field === null && (
          <p className="settings-error" role="alert">
            {error.message}
          </p>
        )}
        <div className="settings-actions">
          <button type="button" className="settings-button" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="settings-button settings-primary" disabled={starting} aria-busy={starting || undefined}>
            Start
          </button>
        </div>
      </form>
    </dialog>
  );
}
