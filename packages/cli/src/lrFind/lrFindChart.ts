import type { TopLevelSpec } from 'vega-lite';
import type { LrSuggestion, RangeTestPoint } from './rangeTest';

/**
 * The range test as a Vega-Lite chart: raw batch loss (faint) and smoothed loss against
 * the learning rate on a log axis, with vertical rules at the steepest point, the minimum
 * and the suggestion.
 *
 * @example
 * const svg = await vegaLiteToSvg(lrFindChart(points, suggestion, 'sgd on mnist'));
 */
export function lrFindChart(points: readonly RangeTestPoint[], suggestion: LrSuggestion | null, title: string): TopLevelSpec {
  const finite = points.filter((p) => Number.isFinite(p.loss) && Number.isFinite(p.smoothed));
  // The y range runs from the lowest smoothed loss to the highest one before it: the
  // explosion at the end is clipped, or it would flatten the part that decides.
  const smoothed = finite.map((p) => p.smoothed);
  const lowest = smoothed.reduce((best, v, i) => (v < smoothed[best]! ? i : best), 0);
  const yMax = Math.max(...smoothed.slice(0, lowest + 1));
  const yMin = Math.min(...smoothed, ...finite.map((p) => p.loss));
  const pad = (yMax - yMin) * 0.1 || 0.1;
  const rules =
    suggestion === null
      ? []
      : [
          { lr: suggestion.steepest, what: `steepest ${suggestion.steepest.toExponential(1)}` },
          { lr: suggestion.minimum, what: `minimum ${suggestion.minimum.toExponential(1)}` },
          { lr: suggestion.suggested, what: `suggested ${suggestion.suggested.toExponential(1)}` },
        ];
  const x = { field: 'lr', type: 'quantitative', title: 'learning rate (log scale)', scale: { type: 'log' }, axis: { format: '.0e' } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: 320,
    background: 'white',
    title: { text: `Learning-rate range test: ${title}` },
    layer: [
      {
        data: { values: finite },
        mark: { type: 'line', clip: true, color: '#bdbdbd', strokeWidth: 1 },
        encoding: { x, y: { field: 'loss', type: 'quantitative', title: 'training loss (grey: batch, blue: smoothed)', scale: { domain: [yMin - pad, yMax + pad], zero: false } } },
      },
      {
        data: { values: finite },
        mark: { type: 'line', clip: true, color: '#4c78a8', strokeWidth: 2.5 },
        encoding: { x, y: { field: 'smoothed', type: 'quantitative' } },
      },
      {
        data: { values: rules },
        mark: { type: 'rule', strokeDash: [4, 3] },
        encoding: {
          x,
          color: { field: 'what', type: 'nominal', title: 'lr', scale: { range: ['#e45756', '#54a24b', '#f58518'] } },
        },
      },
    ],
    config: { font: 'DejaVu Sans' },
  } as unknown as TopLevelSpec;
}
