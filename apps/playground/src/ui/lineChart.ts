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

/**
 * A line chart (uPlot) that keeps its instance while the number of series stays the same,
 * so a slider change only swaps the data.
 */
export class LineChart {
  private plot: uPlot | undefined;
  private signature = '';
  private readonly host: HTMLElement;
  private readonly options: { title: string; xLabel: string; yLabel: string; logY: boolean; height: number };

  constructor(host: HTMLElement, options: { title: string; xLabel: string; yLabel: string; logY: boolean; height?: number }) {
    this.host = host;
    this.options = { ...options, height: options.height ?? 220 };
    new ResizeObserver(() => this.resize()).observe(host);
  }

  private width(): number {
    return Math.max(200, Math.floor(this.host.clientWidth || 320));
  }

  private resize(): void {
    this.plot?.setSize({ width: this.width(), height: this.options.height });
  }

  /** Renames the x axis (takes effect at the next redraw). */
  setXLabel(label: string): void {
    if (label === this.options.xLabel) return;
    this.options.xLabel = label;
    this.signature = '';
  }

  /** Shows `series` over `x`. */
  update(x: ArrayLike<number>, series: ChartSeries[]): void {
    const signature = series.map((s) => `${s.label}|${s.colour}|${String(s.dash)}|${String(s.spanGaps)}`).join('\n');
    const data = [Array.from(x), ...series.map((s) => s.values)] as uPlot.AlignedData;
    if (this.plot !== undefined && signature === this.signature) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.signature = signature;
    const { title, xLabel, yLabel, logY, height } = this.options;
    this.plot = new uPlot(
      {
        title,
        width: this.width(),
        height,
        scales: { x: { time: false }, y: logY ? { distr: 3 } : {} },
        axes: [
          { label: xLabel, stroke: '#c9d1d9', grid: { stroke: '#21262d', width: 1 }, ticks: { stroke: '#30363d' } },
          { label: yLabel, stroke: '#c9d1d9', grid: { stroke: '#21262d', width: 1 }, ticks: { stroke: '#30363d' }, size: 64, values: (_u: uPlot, splits: number[]) => splits.map((v) => (v === null ? '' : formatNumber(v))) },
        ],
        legend: { show: true, live: false },
        series: [{ label: xLabel }, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5, dash: s.dash === true ? [6, 4] : undefined, spanGaps: s.spanGaps === true }))],
      },
      data,
      this.host,
    );
  }
}
