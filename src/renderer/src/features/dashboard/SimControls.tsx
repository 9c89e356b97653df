/**
 * The simulator's control panel: reply size, pace and burst for the next prompt, a "Slow view"
 * switch, and a "Run load" button that starts a firehose to watch backpressure work.
 *
 * Invariants:
 * - Shown only while the built-in simulator answers (the caller checks `agent.kind`).
 * - Size, rate and burst never change the answer already streaming: they become the directive
 *   line of the next prompt, which the panel and the composer both show.
 * - "Slow view" withholds this view's credits (the store's switch); it is labelled with what
 *   it does to the agent, because that is the point of it.
 */

import { useId, useState, type ChangeEvent } from 'react';
import { useAppStore, useStoreApi } from '../../store/store-context';
import { selectCanStartTurn } from '../../store/selectors';
import { LOAD_DIRECTIVE, LOAD_PROMPT, SIM_DEFAULTS, SIM_LIMITS, selectSimDirective, type SimSettings } from '../../store/sim-slice';

export function SimControls() {
  const store = useStoreApi();
  const settings = useAppStore((state) => state.simSettings) ?? SIM_DEFAULTS;
  const custom = useAppStore((state) => state.simSettings !== null);
  const directive = useAppStore(selectSimDirective);
  const slowView = useAppStore((state) => state.slowView);
  const canRun = useAppStore(selectCanStartTurn);
  const set = (change: Partial<SimSettings>): void => store.getState().setSimSettings(change);

  return (
    <section className="sim-controls" aria-label="Simulator controls">
      <h3 className="dashboard-subtitle">Simulator</h3>
      <div className="sim-fields">
        <NumberField
          label="Rate"
          unit="ms per delta"
          value={settings.delay}
          limits={SIM_LIMITS.delay}
          hint="Delay between deltas; 0 = as fast as the pipe accepts"
          onCommit={(delay) => set({ delay })}
        />
        <NumberField
          label="Message size"
          unit="words"
          value={settings.words}
          limits={SIM_LIMITS.words}
          hint="Length of the reply"
          onCommit={(words) => set({ words })}
        />
        <NumberField
          label="Burst"
          unit="words per delta"
          value={settings.chunk}
          limits={SIM_LIMITS.chunk}
          hint="Words in each text delta"
          onCommit={(chunk) => set({ chunk })}
        />
      </div>
      <label className="sim-check">
        <input type="checkbox" checked={settings.stamp} onChange={(event) => set({ stamp: event.target.checked })} />
        Stamp lines (measures latency)
      </label>
      <p className="sim-directive" aria-live="polite">
        {directive === null ? (
          'Your next message uses the simulator’s defaults.'
        ) : (
          <>
            Your next message starts with <code>{directive}</code>
          </>
        )}
        {custom && (
          <button type="button" className="link-button" onClick={() => store.getState().resetSimSettings()}>
            Reset
          </button>
        )}
      </p>
      <div className="sim-actions">
        <button
          type="button"
          role="switch"
          aria-checked={slowView}
          className={`switch${slowView ? ' is-on' : ''}`}
          title="Withhold this view's credits, as a frozen window would: the core must slow the agent down"
          onClick={() => store.getState().setSlowView(!slowView)}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          Slow view
        </button>
        <button
          type="button"
          className="run-load-button"
          disabled={!canRun}
          title={`Send a firehose prompt (${LOAD_DIRECTIVE}) and watch backpressure engage and release`}
          onClick={() => void store.getState().sendPrompt(LOAD_PROMPT)}
        >
          Run load
        </button>
      </div>
      {slowView && <p className="sim-note">Slow view is on: credits are withheld, so the agent is held back.</p>}
    </section>
  );
}

interface NumberFieldProps {
  label: string;
  unit: string;
  hint: string;
  value: number;
  limits: { min: number; max: number };
  onCommit(value: number): void;
}

/** A number box that lets a person clear it while typing; the store only sees whole numbers. */
function NumberField({ label, unit, hint, value, limits, onCommit }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);

  function onChange(event: ChangeEvent<HTMLInputElement>): void {
    setText(event.target.value);
    const parsed = Number.parseInt(event.target.value, 10);
    if (Number.isFinite(parsed)) onCommit(parsed);
  }

  return (
    <div className="sim-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={limits.min}
        max={limits.max}
        step={1}
        value={text ?? String(value)}
        title={hint}
        aria-describedby={`${id}-unit`}
        onChange={onChange}
        onBlur={() => setText(null)}
      />
      <span id={`${id}-unit`} className="sim-unit">
        {unit}
      </span>
    </div>
  );
}
