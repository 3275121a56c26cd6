const BLOCKS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Options of {@link textPlot}. */
export interface TextPlotOptions {
  /** Columns of the plot area. Default 60. */
  width?: number;
  /** Rows of the plot area. Default 8. */
  height?: number;
  /** Log-scale y axis (values <= 0 are drawn at the bottom). Default false. */
  logY?: boolean;
  /** Label of the first and last x, e.g. `step 0` / `1000`. Default: the indices. */
  xLabels?: [string, string];
  /** Top of the y axis; larger values are drawn clipped at it. Default: the largest value. */
  yMax?: number;
  /** Number formatter of the y labels. Default: 3 significant digits. */
  format?: (value: number) => string;
}

function defaultFormat(value: number): string {
  if (value === 0) return '0';
  const a = Math.abs(value);
  return a >= 1e4 || a < 1e-3 ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}

/**
 * A compact area chart of `values` for the terminal, in eighth-block characters: each
 * column shows the value at its share of the series (`height` rows of 8 levels each),
 * with the y range on the left and the x range below.
 *
 * @example
 * console.log(textPlot(Array.from({ length: 100 }, (_, i) => Math.cos(i / 30) ** 2)));
 */
export function textPlot(values: readonly number[], options: TextPlotOptions = {}): string {
  const width = Math.max(2, options.width ?? 60);
  const height = Math.max(1, options.height ?? 8);
  const format = options.format ?? defaultFormat;
  const logY = options.logY === true;
  const finite = values.filter((v) => Number.isFinite(v) && (!logY || v > 0));
  if (finite.length === 0) return '(no finite values to plot)';
  const lo = Math.min(...finite);
  const hi = Math.max(lo, Math.min(Math.max(...finite), options.yMax ?? Infinity));
  const t = (v: number): number => (logY ? Math.log(v) : v);
  const span = t(hi) - t(lo);
  const columns = Math.min(width, values.length);
  const levels: number[] = [];
  for (let c = 0; c < columns; c++) {
    const v = values[Math.round((c * (values.length - 1)) / Math.max(columns - 1, 1))]!;
    if (!Number.isFinite(v) || (logY && v <= 0)) levels.push(0);
    // The lowest value keeps one eighth so the line stays visible; a flat series sits mid-height.
    else levels.push(span === 0 ? Math.round(height * 4) : 1 + Math.round(((Math.min(t(v), t(hi)) - t(lo)) / span) * (height * 8 - 1)));
  }
  const top = format(hi);
  const bottom = format(lo);
  const gutter = Math.max(top.length, bottom.length);
  const rows: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    const line = levels.map((l) => BLOCKS[Math.max(0, Math.min(8, l - r * 8))]!).join('');
    const label = r === height - 1 ? top : r === 0 ? bottom : '';
    rows.push(`${label.padStart(gutter)} ┤${line}`);
  }
  const [first, last] = options.xLabels ?? ['0', String(values.length - 1)];
  rows.push(`${' '.repeat(gutter)} └${'─'.repeat(columns)}`);
  rows.push(`${' '.repeat(gutter + 2)}${first}${last.padStart(Math.max(columns - first.length, last.length + 1))}`);
  return rows.join('\n');
}
