/**
 * One live chart: a labelled figure whose canvas is drawn by uPlot from the shared history.
 *
 * Invariants:
 * - The only module that touches uPlot's instance. It is created once when the chart mounts
 *   (again only if its spec or the colour scheme changes) and destroyed on unmount: never per
 *   sample.
 * - Redraws with `setData` at most once per animation frame, and only when the store's
 *   `flowHistoryVersion` moved. It watches the store directly (`store.subscribe`), so new samples
 *   redraw the canvas without a React render.
 * - Follows its container's width (ResizeObserver), so the panel can be resized freely.
 * - Server rendering (tests) gets the labelled figure and caption only: uPlot runs in effects.
 */

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStoreApi } from '../../store/store-context';
import { ChartData } from './chart-data';
import type { ChartSpec } from './chart-specs';
import { usePalette } from './palette';
import { uplotOptions } from './uplot-options';

export const CHART_HEIGHT = 120;
const MIN_WIDTH = 160;

export interface UplotChartProps {
  spec: ChartSpec;
  /** The latest values in words, shown under the title. */
  caption: string;
}

export function UplotChart({ spec, caption }: UplotChartProps) {
  const store = useStoreApi();
  const palette = usePalette();
  const hostRef = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const width = (): number => Math.max(MIN_WIDTH, Math.floor(host.clientWidth));
    const data = new ChartData(spec, store.getState().flowHistory);
    const plot = new uPlot(uplotOptions(spec, palette, width(), CHART_HEIGHT), data.read(), host);

    let frame: number | null = null;
    const draw = (): void => {
      frame = null;
      plot.setData(data.read());
    };
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.flowHistoryVersion === previous.flowHistoryVersion || frame !== null) return;
      frame = requestAnimationFrame(draw);
    });
    const observer = new ResizeObserver(() => {
      if (plot.width !== width()) plot.setSize({ width: width(), height: CHART_HEIGHT });
    });
    observer.observe(host);

    return () => {
      unsubscribe();
      observer.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
      plot.destroy();
    };
  }, [spec, palette, store]);

  return (
    <figure className="chart" aria-label={spec.label}>
      <figcaption className="chart-head">
        <span className="chart-title">{spec.label}</span>
        <span className="chart-caption">{caption}</span>
      </figcaption>
      {/* The canvas is a picture of the caption's numbers over time; the caption is what is read. */}
      <div ref={hostRef} className="chart-canvas" aria-hidden="true" />
    </figure>
  );
}
