/**
 * A chart's data, read out of the shared FlowHistory rings in time order.
 *
 * Invariants:
 * - Constant memory: each chart owns one output array per series, allocated once at the
 *   history's capacity and overwritten on every read; uPlot is handed the same arrays each time
 *   (`setData` recomputes from them), so drawing a sample allocates no copy of the history.
 * - Every array read holds exactly `history.size` values, oldest first, so x and y line up.
 * - Columns that may lack a reading are written with null where the ring holds NaN: a gap in
 *   the line, never a fake 0.
 */

import type { FlowHistory } from '../../store/flow/flow-history';
import type { ChartSpec } from './chart-specs';

/** uPlot's aligned data: x first, then one array per series. */
export type ChartColumns = [x: number[], ...series: Array<Array<number | null>>];

export class ChartData {
  private readonly x: number[];
  private readonly series: Array<Array<number | null>>;

  constructor(
    private readonly spec: ChartSpec,
    private readonly history: FlowHistory,
  ) {
    this.x = new Array<number>(history.capacity).fill(0);
    this.series = spec.series.map(() => new Array<number | null>(history.capacity).fill(null));
  }

  /** The current history in time order, in this chart's reused arrays. */
  read(): ChartColumns {
    const size = this.history.size;
    this.x.length = size;
    this.history.columns.t.copyInOrder(this.x);
    this.spec.series.forEach((series, index) => {
      const target = this.series[index] as Array<number | null>;
      target.length = size;
      const ring = this.history.columns[series.column];
      if (series.gaps === true) ring.copyInOrderWithGaps(target);
      else ring.copyInOrder(target);
    });
    return [this.x, ...this.series];
  }
}
