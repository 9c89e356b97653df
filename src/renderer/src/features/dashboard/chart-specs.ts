/**
 * The dashboard's five charts, described as data: what each draws (which history columns, on
 * which scale, in which colour) and the one-line caption a person (or a screen reader) reads.
 *
 * Invariants:
 * - Pure: no uPlot, no DOM; uplot-options.ts turns a spec into uPlot options, and the specs and
 *   captions are tested in plain Node.
 * - Every chart has a unique accessible label (`label`), which is also its visible title.
 * - Each series reads one column of FlowHistory, so a chart's data is a view of the same rings,
 *   never a copy that could disagree with another chart.
 */

import type { HistoryColumn } from '../../store/flow/flow-history';
import type { FlowSummary } from '../../store/flow/flow-tracker';
import type { PaletteColor } from './palette';

export type ChartId = 'throughput' | 'buffer' | 'backpressure' | 'latency' | 'memory';

export interface SeriesSpec {
  column: HistoryColumn;
  label: string;
  color: PaletteColor;
  scale: string;
  /** Fill under the line with this opacity (0 = none). */
  fillAlpha?: number;
  dash?: number[];
  /** Draw as steps (on/off states), not as a slope between samples. */
  stepped?: boolean;
  /** The column may hold NaN (no reading): drawn as a gap. */
  gaps?: boolean;
}

export interface AxisSpec {
  scale: string;
  side: 'left' | 'right';
  /** Unit shown after the tick values. */
  unit: string;
  /** 0/1 state charts label their ticks "on"/"off". */
  onOff?: boolean;
}

export interface ScaleSpec {
  /** A fixed range; otherwise the scale fits the data, from 0. */
  range?: [min: number, max: number];
}

export interface ChartSpec {
  id: ChartId;
  label: string;
  series: SeriesSpec[];
  axes: AxisSpec[];
  scales: Record<string, ScaleSpec>;
}

export interface ChartSpecOptions {
  /** Whether the renderer's heap can be read (Chromium); without it that line is left out. */
  rendererHeap: boolean;
}

export function chartSpecs(options: ChartSpecOptions): ChartSpec[] {
  return [
    {
      id: 'throughput',
      label: 'Throughput',
      series: [
        { column: 'linesPerSec', label: 'lines/s', color: 'accent', scale: 'lines', fillAlpha: 0.12 },
        { column: 'kbPerSec', label: 'KB/s', color: 'sim', scale: 'kb' },
      ],
      axes: [
        { scale: 'lines', side: 'left', unit: '' },
        { scale: 'kb', side: 'right', unit: ' KB' },
      ],
      scales: { lines: {}, kb: {} },
    },
    {
      id: 'buffer',
      label: 'Buffer',
      series: [
        { column: 'queueKb', label: 'queue KB', color: 'accent', scale: 'kb', fillAlpha: 0.18 },
        { column: 'highWatermarkKb', label: 'high watermark', color: 'danger', scale: 'kb', dash: [5, 4] },
        { column: 'lowWatermarkKb', label: 'low watermark', color: 'ok', scale: 'kb', dash: [2, 4] },
      ],
      axes: [{ scale: 'kb', side: 'left', unit: ' KB' }],
      scales: { kb: {} },
    },
    {
      id: 'backpressure',
      label: 'Backpressure',
      series: [
        { column: 'paused', label: 'stdout paused', color: 'danger', scale: 'state', fillAlpha: 0.3, stepped: true },
        { column: 'creditStarved', label: 'credit-starved', color: 'warn', scale: 'state', fillAlpha: 0.3, stepped: true },
      ],
      axes: [{ scale: 'state', side: 'left', unit: '', onOff: true }],
      scales: { state: { range: [0, 1.1] } },
    },
    {
      id: 'latency',
      label: 'Latency',
      series: [
        { column: 'latencyP50Ms', label: 'p50 ms', color: 'accent', scale: 'ms', gaps: true },
        { column: 'latencyP99Ms', label: 'p99 ms', color: 'warn', scale: 'ms', gaps: true },
      ],
      axes: [{ scale: 'ms', side: 'left', unit: ' ms' }],
      scales: { ms: {} },
    },
    {
      id: 'memory',
      label: 'Memory',
      series: [
        { column: 'mainRssMb', label: 'main RSS MB', color: 'sim', scale: 'mb' },
        { column: 'mainHeapMb', label: 'main heap MB', color: 'accent', scale: 'mb' },
        ...(options.rendererHeap
          ? [{ column: 'rendererHeapMb', label: 'renderer heap MB', color: 'ok', scale: 'mb', gaps: true } satisfies SeriesSpec]
          : []),
      ],
      axes: [{ scale: 'mb', side: 'left', unit: ' MB' }],
      scales: { mb: {} },
    },
  ];
}

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const KB = 1_024;
const MB = 1_024 * 1_024;

/** The latest values in words: the caption under a chart's title, read by screen readers too. */
export function chartCaption(id: ChartId, flow: FlowSummary): string {
  const sample = flow.sample;
  if (sample === null && id !== 'latency') return 'Waiting for the first sample…';
  switch (id) {
    case 'throughput':
      return `${WHOLE.format(sample?.linesPerSec ?? 0)} lines/s · ${ONE_DECIMAL.format((sample?.bytesPerSec ?? 0) / KB)} KB/s`;
    case 'buffer':
      return `${ONE_DECIMAL.format((sample?.queueBytes ?? 0) / KB)} KB queued (${WHOLE.format(sample?.queuePatches ?? 0)} patches) · high ${WHOLE.format((sample?.highWatermarkBytes ?? 0) / KB)} KB · low ${WHOLE.format((sample?.lowWatermarkBytes ?? 0) / KB)} KB`;
    case 'backpressure': {
      const pauses = sample?.pauses ?? 0;
      const now = sample?.paused ? 'paused now' : sample?.creditStarved ? 'waiting for credit now' : 'flowing';
      return `${WHOLE.format(pauses)} ${pauses === 1 ? 'pause' : 'pauses'} · ${now}`;
    }
    case 'latency':
      return flow.latencyP50Ms === null || flow.latencyP99Ms === null
        ? 'No stamped lines in the last 2 s'
        : `p50 ${WHOLE.format(flow.latencyP50Ms)} ms · p99 ${WHOLE.format(flow.latencyP99Ms)} ms (agent write → view receive)`;
    case 'memory': {
      const main = `main RSS ${WHOLE.format((sample?.mainRssBytes ?? 0) / MB)} MB · heap ${WHOLE.format((sample?.mainHeapUsedBytes ?? 0) / MB)} MB`;
      return flow.rendererHeapBytes === null ? main : `${main} · renderer heap ${WHOLE.format(flow.rendererHeapBytes / MB)} MB`;
    }
  }
}
