/**
 * The active session's settings in the header: its folder and permission mode at a glance (the
 * model is in the agent badge beside it), and a `Session settings` button that opens a small
 * popover to change model and permission mode live.
 *
 * Invariants:
 * - What is shown is what the agent reported (`system/init`, or its confirmation of a live
 *   change), falling back to the session's own settings before the agent has spoken.
 * - The popover is a non-modal dialog named `Session settings`. Opening it puts focus on the
 *   model field; Enter applies, Escape (never an interrupt) or a click elsewhere closes it and
 *   focus returns to the button. Apply sends only what changed, as one `session:settings`
 *   command; it closes when the agent agreed, and stays open with the refusal beside its field
 *   when not.
 * - The working directory is shown, not editable: an agent cannot move to another folder while it
 *   runs (start a new session for that). A custom agent's model and mode are its own business:
 *   the popover says so instead of offering fields.
 * - A switch to another session closes the popover (it was about the old one).
 */

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { SessionView } from '../../../../shared/session-view';
import { useAppStore, useStoreApi } from '../../store/store-context';
import { Field, ModelSuggestions, PermissionModeSelect, TextInput } from '../sessions/SettingsFields';
import { folderName, isPermissionMode, liveChange, messageBesideField, type CurrentSettings } from '../sessions/settings-form';

export const SETTINGS_POPOVER_ID = 'session-settings-popover';
const MODEL_FIELD_ID = 'session-settings-model';
const MODE_FIELD_ID = 'session-settings-mode';
const MODEL_LIST_ID = 'session-settings-models';

export function SessionSettingsMenu() {
  const sessionId = useAppStore((state) => state.session?.id);
  const cwd = useAppStore((state) => state.session?.cwd ?? state.session?.settings.cwd);
  const mode = useAppStore((state) => state.session?.permissionMode ?? state.session?.settings.permissionMode);
  const [openFor, setOpenFor] = useState<string | null>(null);
  const wrapperRef = useRef<HTMLDivElement | null>(null);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const open = openFor !== null && openFor === sessionId;

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent): void {
      if (event.target instanceof Node && wrapperRef.current?.contains(event.target)) return;
      setOpenFor(null);
    }
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  if (sessionId === undefined) return null;

  function close(): void {
    setOpenFor(null);
    buttonRef.current?.focus();
  }

  return (
    <div className="session-settings" ref={wrapperRef}>
      {cwd !== undefined && (
        <span className="session-folder" title={`Working directory: ${cwd}`}>
          <FolderIcon />
          <span className="session-folder-name">{folderName(cwd)}</span>
        </span>
      )}
      {mode !== undefined && (
        <span className="session-mode" title="Permission mode">
          {mode}
        </span>
      )}
      <button
        ref={buttonRef}
        type="button"
        className="session-settings-toggle"
        aria-label="Session settings"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? SETTINGS_POPOVER_ID : undefined}
        title="Session settings: model and permission mode"
        onClick={() => setOpenFor(open ? null : sessionId)}
      >
        <SlidersIcon />
      </button>
      {open && <SettingsPopover onClose={close} />}
    </div>
  );
}

function SettingsPopover({ onClose }: { onClose(): void }) {
  const store = useStoreApi();
  const cwd = useAppStore((state) => state.session?.cwd ?? state.session?.settings.cwd);
  const custom = useAppStore((state) => state.session?.agent.kind === 'custom');
  const changing = useAppStore((state) => state.settingsChanging);
  const error = useAppStore((state) => state.settingsError);
  const [initial] = useState<CurrentSettings>(() => currentSettings(store.getState().session));
  const [values, setValues] = useState<CurrentSettings>(initial);
  const modelRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    store.getState().dismissSettingsError();
    modelRef.current?.focus();
  }, [store]);

  async function apply(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const change = liveChange(initial, values);
    if (change === null || (await store.getState().changeSettings(change))) onClose();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    onClose();
  }

  const modelError = error?.field === 'model' ? messageBesideField('model', error.message) : null;
  const modeError = error?.field === 'permissionMode' ? messageBesideField('permissionMode', error.message) : null;

  return (
    <div id={SETTINGS_POPOVER_ID} className="settings-popover" role="dialog" aria-label="Session settings" onKeyDown={onKeyDown}>
      <form className="settings-form" onSubmit={(event) => void apply(event)} noValidate>
        <div className="settings-field">
          <span className="settings-label">Working directory</span>
          <p className="settings-path">{cwd ?? 'Not known yet'}</p>
          <p className="settings-hint">Fixed for this session; start a new session to work elsewhere.</p>
        </div>
        {custom ? (
          <p className="settings-hint">This custom agent’s model and permission mode are set in its own command.</p>
        ) : (
          <>
            <Field id={MODEL_FIELD_ID} label="Model" hint="An alias or a full model id; the agent switches now." error={modelError}>
              <TextInput
                id={MODEL_FIELD_ID}
                inputRef={modelRef}
                value={values.model}
                placeholder="CLI default"
                list={MODEL_LIST_ID}
                error={modelError}
                onChange={(model) => setValues((current) => ({ ...current, model }))}
              />
              <ModelSuggestions id={MODEL_LIST_ID} />
            </Field>
            <Field id={MODE_FIELD_ID} label="Permission mode" error={modeError}>
              <PermissionModeSelect
                id={MODE_FIELD_ID}
                value={values.permissionMode}
                error={modeError}
                offerCliDefault={false}
                onChange={(permissionMode) => setValues((current) => ({ ...current, permissionMode }))}
              />
            </Field>
          </>
        )}
        {error !== null && error.field === null && (
          <p className="settings-error" role="alert">
            {error.message}
          </p>
        )}
        <div className="settings-actions">
          <button type="button" className="settings-button" onClick={onClose}>
            {custom ? 'Close' : 'Cancel'}
          </button>
          {!custom && (
            <button type="submit" className="settings-button settings-primary" disabled={changing} aria-busy={changing || undefined}>
              Apply
            </button>
          )}
        </div>
      </form>
    </div>
  );
}

/** The form's starting point: the model and mode the session runs with, as far as they are known. */
function currentSettings(session: SessionView | null): CurrentSettings {
  const reported = session?.permissionMode;
  const mode = isPermissionMode(reported) ? reported : session?.settings.permissionMode;
  return { model: session?.settings.model ?? session?.model ?? '', permissionMode: isPermissionMode(mode) ? mode : 'default' };
}

function FolderIcon() {
  return (
    <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true" focusable="false">
      <path d="M1.75 4.25c0-.83.67-1.5 1.5-1.5h3l1.5 1.5h5c.83 0 1.5.67 1.5 1.5v6c0 .83-.67 1.5-1.5 1.5h-9.5c-.83 0-1.5-.67-1.5-1.5z" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />
    </svg>
  );
}

/** Three sliders: settings that can be adjusted. */
function SlidersIcon() {
  return (
    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true" focusable="false">
      <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" opacity="0.55" />
      <circle cx="10.5" cy="4" r="1.7" fill="var(--surface)" stroke="currentColor" strokeWidth="1.4" />
      <circle cx="5.5" cy="8" r="1.7" fill="var(--surface)" stroke="currentColor" strokeWidth="1.4" />
      <circle cx="9" cy="12" r="1.7" fill="var(--surface)" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}
