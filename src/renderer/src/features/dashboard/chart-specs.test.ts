import { describe, expect, it } from 'vitest';
import { EMPTY_FLOW_SUMMARY } from '../../store/flow/flow-tracker';
import { HISTORY_COLUMNS } from '../../store/flow/flow-history';
import { flowSample } from '../../store/session-fixtures';
import { chartCaption, chartSpecs } from './chart-specs';
import { withAlpha } from './palette';

describe('chart specs', () => {
  it('describes five uniquely labelled charts over existing history columns', () => {
    const specs = chartSpecs({ rendererHeap: true });
    expect(specs.map((spec) => spec.label)).toEqual(['Throughput', 'Buffer', 'Backpressure', 'Latency', 'Memory']);
    for (const spec of specs) {
      for (const series of spec.series) {
        expect(HISTORY_COLUMNS).toContain(series.column);
        expect(Object.keys(spec.scales)).toContain(series.scale);
      }
    }
  });

  it('draws the buffer against both watermarks and backpressure as on/off steps', () => {
    const specs = chartSpecs({ rendererHeap: true });
    expect(specs.find((spec) => spec.id === 'buffer')?.series.map((series) => series.column)).toEqual([
      'queueKb',
      'highWatermarkKb',
      'lowWatermarkKb',
    ]);
    const backpressure = specs.find((spec) => spec.id === 'backpressure');
    expect(backpressure?.series.every((series) => series.stepped === true)).toBe(true);
    expect(backpressure?.series.map((series) => series.column)).toEqual(['paused', 'creditStarved']);
  });

  it('leaves out the renderer heap line where the browser cannot read it', () => {
    const memory = chartSpecs({ rendererHeap: false }).find((spec) => spec.id === 'memory');
    expect(memory?.series.map((series) => series.column)).toEqual(['mainRssMb', 'mainHeapMb']);
  });

  it('captions say so before the first sample instead of showing zeros', () => {
    expect(chartCaption('throughput', EMPTY_FLOW_SUMMARY)).toBe('Waiting for the first sample…');
    expect(chartCaption('latency', EMPTY_FLOW_SUMMARY)).toBe('No stamped lines in the last 2 s');
  });

  it('counts pauses in the backpressure caption', () => {
    const flow = { ...EMPTY_FLOW_SUMMARY, sample: flowSample({ pauses: 4, creditStarved: true }) };
    expect(chartCaption('backpressure', flow)).toBe('4 pauses · waiting for credit now');
  });
});

describe('withAlpha', () => {
  it('turns a hex colour into a translucent one and leaves other syntaxes alone', () => {
    expect(withAlpha('#2d6cdf', 0.5)).toBe('rgba(45, 108, 223, 0.5)');
    expect(withAlpha('#fff', 0.2)).toBe('rgba(255, 255, 255, 0.2)');
    expect(withAlpha('rgb(1, 2, 3)', 0.2)).toBe('rgb(1, 2, 3)');
  });
});
