import { describe, expect, it } from 'vitest';
import { FlowTracker } from '../../store/flow/flow-tracker';
import { flowSample } from '../../store/session-fixtures';
import { ChartData } from './chart-data';
import { chartSpecs } from './chart-specs';

describe('ChartData', () => {
  it('reads the history in time order into the same arrays every time, never past the capacity', () => {
    const tracker = new FlowTracker({ historyCapacity: 8, now: () => 0 });
    const spec = chartSpecs({ rendererHeap: false }).find((chart) => chart.id === 'throughput');
    if (spec === undefined) throw new Error('no throughput chart');
    const data = new ChartData(spec, tracker.history);
    for (let i = 0; i < 20; i++) tracker.onMetrics(flowSample({ t: i * 250, linesPerSec: i }));
    const first = data.read();
    expect(first[0]).toEqual([3, 3.25, 3.5, 3.75, 4, 4.25, 4.5, 4.75]);
    expect(first[1]).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    tracker.onMetrics(flowSample({ t: 20 * 250, linesPerSec: 20 }));
    const second = data.read();
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
    expect(second[1]).toHaveLength(8);
    expect(second[1]?.[7]).toBe(20);
  });

  it('draws a missing latency reading as a gap', () => {
    const tracker = new FlowTracker({ now: () => 0 });
    const spec = chartSpecs({ rendererHeap: true }).find((chart) => chart.id === 'latency');
    if (spec === undefined) throw new Error('no latency chart');
    tracker.onMetrics(flowSample());
    expect(new ChartData(spec, tracker.history).read()[1]).toEqual([null]);
  });
});
