/**
 * Turns a ChartSpec into uPlot options: colours from the palette, scales from 0, steps for on/off
 * states, no drag-zoom (the charts scroll with time; a zoom would freeze one).
 *
 * Invariant: built once per chart instance (and again only when the colour scheme changes);
 * nothing here runs per sample.
 */

import uPlot from 'uplot';
import type { ChartSpec, ScaleSpec } from './chart-specs';
import { withAlpha, type Palette } from './palette';

const AXIS_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
// uPlot.Axis.Side is a const enum, which isolatedModules cannot read: its values, named.
const SIDE_RIGHT = 1 as uPlot.Axis.Side;
const SIDE_LEFT = 3 as uPlot.Axis.Side;

export function uplotOptions(spec: ChartSpec, palette: Palette, width: number, height: number): uPlot.Options {
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  const axisColors = {
    stroke: palette.textMuted,
    font: AXIS_FONT,
    grid: { stroke: palette.border, width: 1 },
    ticks: { stroke: palette.border, width: 1, size: 4 },
  };
  const scales: uPlot.Scales = { x: { time: true } };
  for (const [key, scale] of Object.entries(spec.scales)) scales[key] = scaleOptions(scale);

  return {
    width,
    height,
    padding: [8, 8, 0, 0],
    legend: { show: true, live: false },
    // A click-drag zoom would pin the x range and stop the chart from following time.
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales,
    series: [
      {},
      ...spec.series.map(
        (series): uPlot.Series => ({
          label: series.label,
          scale: series.scale,
          stroke: palette[series.color],
          width: 1.5,
          dash: series.dash,
          fill: series.fillAlpha !== undefined && series.fillAlpha > 0 ? withAlpha(palette[series.color], series.fillAlpha) : undefined,
          paths: series.stepped === true ? stepped : undefined,
          points: { show: false },
          spanGaps: false,
        }),
      ),
    ],
    axes: [
      // One line of wall-clock time: uPlot's default adds a date row, noise on a 60 s window.
      { ...axisColors, space: 64, values: (_plot, ticks) => ticks.map(formatClock) },
      ...spec.axes.map(
        (axis): uPlot.Axis => ({
          ...axisColors,
          scale: axis.scale,
          side: axis.side === 'right' ? SIDE_RIGHT : SIDE_LEFT,
          size: axisSize,
          grid: axis.side === 'right' ? { show: false } : axisColors.grid,
          splits: axis.onOff === true ? [0, 1] : undefined,
          values: (_plot, ticks) => ticks.map((tick) => (axis.onOff === true ? (tick >= 1 ? 'on' : 'off') : formatTick(tick, axis.unit))),
        }),
      ),
    ],
  };
}

function scaleOptions(scale: ScaleSpec): uPlot.Scale {
  const fixed = scale.range;
  if (fixed !== undefined) return { auto: false, range: [fixed[0], fixed[1]] };
  // From 0, so a flat line at 900 does not look like a wild swing between 899 and 901.
  return { range: (_plot, _min, max) => [0, max > 0 ? max * 1.1 : 1] };
}

const CLOCK_FORMAT = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function formatClock(seconds: number): string {
  return CLOCK_FORMAT.format(seconds * 1_000);
}

/** Wide enough for the longest tick label, so "2000 ms" is not clipped at the panel's edge. */
function axisSize(_plot: uPlot, values: string[] | null): number {
  const longest = values === null ? 3 : values.reduce((max, value) => Math.max(max, value.length), 0);
  return Math.ceil(longest * 6.6) + 14;
}

function formatTick(value: number, unit: string): string {
  const abs = Math.abs(value);
  const text = abs >= 10_000 ? `${Math.round(value / 1_000)}k` : abs >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
  return `${text}${unit}`;
}
