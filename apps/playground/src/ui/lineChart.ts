import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber, writeText } from './h';

export interface ChartSeries {
  label: string;
  colour: string;
  /** y values at `x` (null where the run has no value: not yet run, or diverged). */
  values: Array<number | null>;
  dash?: boolean;
  /** Join the points across nulls (a series sampled at other x than the rest). Default false. */
  spanGaps?: boolean;
}

/** uPlot's default path builder (straight segments), which {@link LineChart}'s kept paths wrap. */
const linearPaths = uPlot.paths.linear?.();

/** An axis tick: a power of ten as `1e-4`, anything else compactly. */
function tickLabel(value: number | null): string {
  if (value === null) return '';
  const exponent = Math.log10(Math.abs(value));
  if (value !== 0 && Number.isInteger(Math.round(exponent * 1e9) / 1e9) && Math.abs(exponent) >= 4) return `${value < 0 ? '-' : ''}1e${Math.round(exponent)}`;
  return formatNumber(value);
}

/**
 * A line chart (uPlot) that keeps its instance while the number of series stays the same,
 * so a slider change only swaps the data.
 */
export class LineChart {
  private plot: uPlot | undefined;
  /** The playhead's line over the plot (race view); hidden until {@link LineChart.setMarker}. */
  private readonly marker: HTMLDivElement = document.createElement('div');
  private markerX: number | undefined;
  /** Highest y shown: values above are clipped at the top (a diverged run cannot stretch the axis). */
  private yCap = Infinity;
  private signature = '';
  /** The legend's labels as shown (a label can change without the plot being rebuilt). */
  private labels: string[] = [];
  private readonly host: HTMLElement;
  private readonly options: { title: string; xLabel: string; yLabel: string; logY: boolean; height: number | (() => number); keptValues: boolean };
  /** The x values last shown: the same steps are handed to the plot as the same array, which the kept paths are checked against. */
  private xData: number[] = [];
  /** Each series' path as last built, by its values array ({@link LineChart.keptPaths}). */
  private readonly paths = new WeakMap<ArrayLike<number | null>, { key: string; x: ArrayLike<number>; paths: uPlot.Series.Paths | null }>();

  /**
   * `options.height`: the plot's height in CSS px (default 220), or a function read at every
   * resize (a layout that changes with the window's width). `options.keptValues` (default
   * false): the caller never changes a series' values array once shown (a new array for new
   * values), so a series whose array, and the plot's scales and size, are unchanged keeps the
   * path drawn last (a slider move reruns one race; the other series are not traced again).
   */
  constructor(host: HTMLElement, options: { title: string; xLabel: string; yLabel: string; logY: boolean; height?: number | (() => number); keptValues?: boolean }) {
    this.host = host;
    this.options = { ...options, height: options.height ?? 220, keptValues: options.keptValues ?? false };
    new ResizeObserver(() => this.resize()).observe(host);
  }

  private width(): number {
    return Math.max(200, Math.floor(this.host.clientWidth || 320));
  }

  private height(): number {
    const { height } = this.options;
    return typeof height === 'function' ? height() : height;
  }

  private resize(): void {
    this.plot?.setSize({ width: this.width(), height: this.height() });
    this.placeMarker();
  }

  /** Draws a vertical line at x (the race's playhead), or none for undefined. Moves one element: no redraw of the plot. */
  setMarker(x: number | undefined): void {
    this.markerX = x;
    this.placeMarker();
  }

  private placeMarker(): void {
    const plot = this.plot;
    if (plot === undefined || this.markerX === undefined) {
      this.marker.hidden = true;
      return;
    }
    this.marker.hidden = false;
    this.marker.style.transform = `translateX(${plot.valToPos(this.markerX, 'x')}px)`;
  }

  /** Renames the x axis (takes effect at the next redraw). */
  setXLabel(label: string): void {
    if (label === this.options.xLabel) return;
    this.options.xLabel = label;
    this.signature = '';
  }

  /** Writes the labels that changed into the legend (its rows after the x row, which a legend that is not live leaves out). */
  private relabel(plot: uPlot, series: readonly ChartSeries[]): void {
    const cells = plot.root.querySelectorAll<HTMLElement>('.u-legend tr.u-series .u-label');
    const first = cells.length - series.length;
    series.forEach((s, i) => {
      if (s.label === this.labels[i]) return;
      this.labels[i] = s.label;
      (plot.series[i + 1] as uPlot.Series).label = s.label;
      const cell = cells[first + i];
      if (cell !== undefined) writeText(cell, s.label);
    });
  }

  /** uPlot's line paths (its default), built again only when the series' values, the x values, the scales or the plot's box changed. */
  private readonly keptPaths: uPlot.Series.PathBuilder = (u, seriesIdx, idx0, idx1) => {
    const values = u.data[seriesIdx] as ArrayLike<number | null>;
    const { x, y } = u.scales;
    const box = u.bbox;
    // Everything uPlot's linear builder reads besides the values: the series' gap handling,
    // the scales, the plot's box in device pixels (its size and pixel ratio).
    const key = `${seriesIdx}|${String(u.series[seriesIdx]?.spanGaps)}|${idx0}|${idx1}|${x?.min}|${x?.max}|${y?.min}|${y?.max}|${box.left}|${box.top}|${box.width}|${box.height}`;
    const kept = this.paths.get(values);
    if (kept !== undefined && kept.key === key && kept.x === u.data[0]) return kept.paths;
    const paths = (linearPaths as uPlot.Series.PathBuilder)(u, seriesIdx, idx0, idx1);
    this.paths.set(values, { key, x: u.data[0], paths });
    return paths;
  };

  /** Shows `series` over `x`; `yCap` (default none) is the highest y the axis reaches, higher values are clipped. */
  update(x: ArrayLike<number>, series: ChartSeries[], yCap = Infinity): void {
    this.yCap = yCap;
    // The labels are not part of the signature: a race's label carries its lr, which a dragged
    // slider changes every frame, and rebuilding the plot (new DOM, a forced layout) for it
    // would cost a frame. They are rewritten in the legend instead.
    const signature = series.map((s) => `${s.colour}|${String(s.dash)}|${String(s.spanGaps)}`).join('\n');
    // The same steps as the same array (a kept path is checked against it).
    const same = this.xData.length === x.length && this.xData.every((v, i) => v === x[i]);
    if (!same) this.xData = Array.from(x);
    const data = [this.xData, ...series.map((s) => s.values)] as uPlot.AlignedData;
    if (this.plot !== undefined && signature === this.signature) {
      this.relabel(this.plot, series);
      this.plot.setData(data);
      this.placeMarker();
      return;
    }
    this.plot?.destroy();
    this.signature = signature;
    this.labels = series.map((s) => s.label);
    const { title, xLabel, yLabel, logY } = this.options;
    const height = this.height();
    this.plot = new uPlot(
      {
        title,
        width: this.width(),
        height,
        scales: {
          x: { time: false },
          y: {
            ...(logY ? { distr: 3 } : {}),
            range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => {
              // uPlot's own ranges (padded), with the top clipped at yCap when one is set.
              const top = Math.min(max, this.yCap);
              return logY ? uPlot.rangeLog(min, Math.max(top, min * 10), 10, true) : uPlot.rangeNum(min, Math.max(top, min), 0.1, true);
            },
          },
        },
        axes: [
          { label: xLabel, stroke: '#c9d1d9', grid: { stroke: '#21262d', width: 1 }, ticks: { stroke: '#30363d' } },
          { label: yLabel, stroke: '#c9d1d9', grid: { stroke: '#21262d', width: 1 }, ticks: { stroke: '#30363d' }, size: 64, values: (_u: uPlot, splits: number[]) => splits.map(tickLabel), space: 22 },
        ],
        legend: { show: true, live: false },
        series: [{ label: xLabel }, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5, dash: s.dash === true ? [6, 4] : undefined, spanGaps: s.spanGaps === true, ...(this.options.keptValues ? { paths: this.keptPaths } : {}) }))],
      },
      data,
      this.host,
    );
    this.marker.className = 'chart-marker';
    this.plot.over.append(this.marker);
    this.placeMarker();
  }
}
