import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from './h';

export interface ChartSeries {
  label: string;
  colour: string;
  /** y values at `x` (null where the run has no value: not yet run, or diverged). */
  values: Array<number | null>;
  dash?: boolean;
  /** Join the points across nulls (a series sampled at other x than the rest). Default false. */
  spanGaps?: boolean;
}

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
  private readonly host: HTMLElement;
  private readonly options: { title: string; xLabel: string; yLabel: string; logY: boolean; height: number | (() => number) };

  /** `options.height`: the plot's height in CSS px (default 220), or a function read at every resize (a layout that changes with the window's width). */
  constructor(host: HTMLElement, options: { title: string; xLabel: string; yLabel: string; logY: boolean; height?: number | (() => number) }) {
    this.host = host;
    this.options = { ...options, height: options.height ?? 220 };
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

  /** Shows `series` over `x`; `yCap` (default none) is the highest y the axis reaches, higher values are clipped. */
  update(x: ArrayLike<number>, series: ChartSeries[], yCap = Infinity): void {
    this.yCap = yCap;
    const signature = series.map((s) => `${s.label}|${s.colour}|${String(s.dash)}|${String(s.spanGaps)}`).join('\n');
    const data = [Array.from(x), ...series.map((s) => s.values)] as uPlot.AlignedData;
    if (this.plot !== undefined && signature === this.signature) {
      this.plot.setData(data);
      this.placeMarker();
      return;
    }
    this.plot?.destroy();
    this.signature = signature;
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
        series: [{ label: xLabel }, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5, dash: s.dash === true ? [6, 4] : undefined, spanGaps: s.spanGaps === true }))],
      },
      data,
      this.host,
    );
    this.marker.className = 'chart-marker';
    this.plot.over.append(this.marker);
    this.placeMarker();
  }
}
