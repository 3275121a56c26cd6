import type { TopLevelSpec } from 'vega-lite';

/**
 * A schedule's values against step, as a Vega-Lite line chart (step-after interpolation,
 * since a value holds for the whole step).
 *
 * @param values - the value at each step 0..N-1.
 * @param options.title - the chart's title, e.g. the spec text.
 * @param options.logY - log-scale y axis. Default false.
 * @example
 * const svg = await vegaLiteToSvg(scheduleChart(values, { title: 'warmup-cosine:500:10000' }));
 */
export function scheduleChart(values: readonly number[], options: { title: string; yTitle?: string; logY?: boolean }): TopLevelSpec {
  // At most 4000 points: a long schedule is thinned evenly (the last step kept).
  const stride = Math.max(1, Math.ceil(values.length / 4000));
  const rows: Array<{ step: number; value: number }> = [];
  for (let i = 0; i < values.length; i += stride) rows.push({ step: i, value: values[i]! });
  if ((values.length - 1) % stride !== 0) rows.push({ step: values.length - 1, value: values[values.length - 1]! });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: 260,
    background: 'white',
    title: { text: options.title },
    data: { values: rows.filter((r) => Number.isFinite(r.value) && (options.logY !== true || r.value > 0)) },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, color: '#4c78a8' },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'value', type: 'quantitative', title: options.yTitle ?? 'value', ...(options.logY === true ? { scale: { type: 'log' } } : { scale: { zero: false } }) },
    },
    config: { font: 'DejaVu Sans' },
  } as TopLevelSpec;
}
