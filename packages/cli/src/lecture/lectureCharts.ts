import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from '../render/chartConfig';
import type { LectureCurve } from './trainLectureRun';


/** Weight of the newest step in the smoothed training loss (an exponential moving average, TensorBoard's 0.98). */
export const SMOOTHING = 0.02;
/** Most points drawn per curve (every k-th step beyond it). */
const MAX_POINTS = 600;

/** The exponential moving average of `values` with weight `alpha` on the newest, bias-corrected from the first. */
export function smooth(values: readonly number[], alpha = SMOOTHING): number[] {
  const out: number[] = [];
  let average = 0;
  let weight = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) break;
    average = (1 - alpha) * average + alpha * v;
    weight = (1 - alpha) * weight + alpha;
    out.push(average / weight);
  }
  return out;
}

function every(length: number): number {
  return Math.max(1, Math.ceil(length / MAX_POINTS));
}

function colour(curves: readonly LectureCurve[]): { field: string; type: 'nominal'; title: string; scale: { scheme: string }; sort: string[] } {
  return { field: 'run', type: 'nominal', title: 'run', scale: { scheme: 'category10' }, sort: curves.map((c) => c.label) };
}

const dash = (reference: string): object => ({
  strokeDash: { field: 'source', type: 'nominal', title: 'source', scale: { domain: ['descent', reference], range: [[1, 0], [6, 4]] } },
});

/**
 * Every step's training loss against the epoch, on a log axis: raw (faint, every k-th
 * step past 600 points) and smoothed ({@link smooth}), one colour per run; PyTorch's
 * smoothed loss dashed when `reference` is given.
 *
 * @example
 * const spec = stepLossChartSpec(curves, { name: 'PyTorch 1.13', curves: pytorch });
 */
export function stepLossChartSpec(curves: readonly LectureCurve[], reference?: { name: string; curves: readonly LectureCurve[] }): TopLevelSpec {
  const raw: object[] = [];
  const smoothed: object[] = [];
  const add = (curve: LectureCurve, label: string, source: string, withRaw: boolean): void => {
    const k = every(curve.losses.length);
    const s = smooth(curve.losses);
    for (let i = 0; i < s.length; i += k) {
      const epoch = (i + 1) / curve.stepsPerEpoch;
      if (withRaw) raw.push({ run: label, epoch, loss: curve.losses[i]!, source });
      smoothed.push({ run: label, epoch, loss: s[i]!, source });
    }
  };
  for (const c of curves) add(c, c.label, 'descent', true);
  const labels = new Map(curves.map((c) => [c.name, c.label]));
  for (const c of reference?.curves ?? []) if (labels.has(c.name)) add(c, labels.get(c.name)!, reference!.name, false);
  const x = { field: 'epoch', type: 'quantitative' as const, title: 'epoch' };
  // Single batches reach 1e-4 at high rates; the axis stops at 0.01 (clipped) so the smoothed curves keep the room.
  const y = { field: 'loss', type: 'quantitative' as const, title: 'training loss (log scale)', scale: { type: 'log' as const, domain: [0.01, 3] }, axis: { format: '~g' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Training loss at every step',
      subtitle: [`faint: each batch's loss; bold: smoothed (moving average, weight ${SMOOTHING} on the newest step)`, ...(reference === undefined ? [] : [`dashed: ${reference.name}, same weights and batches`])],
    },
    width: 760,
    height: 380,
    background: 'white',
    config: chartConfig,
    layer: [
      { data: { values: raw }, mark: { type: 'line', strokeWidth: 0.6, opacity: 0.25, clip: true }, encoding: { x, y, color: colour(curves), detail: { field: 'run' } } },
      { data: { values: smoothed }, mark: { type: 'line', strokeWidth: 2, clip: true }, encoding: { x, y, color: colour(curves), detail: { field: 'source' }, ...(reference === undefined ? {} : dash(reference.name)) } },
    ],
  };
}

/**
 * The evaluated test loss (log axis) or accuracy against the epoch, for `curves` (all runs
 * by default), points at each evaluation; PyTorch's dashed when `reference` is given.
 *
 * @example
 * const spec = evaluationChartSpec(curves, 'testLoss', 'Test loss');
 */
export function evaluationChartSpec(
  curves: readonly LectureCurve[],
  field: 'testLoss' | 'testAccuracy',
  title: string,
  reference?: { name: string; curves: readonly LectureCurve[] },
  subtitle: string[] = [],
): TopLevelSpec {
  const values: object[] = [];
  const labels = new Map(curves.map((c) => [c.name, c.label]));
  const add = (curve: LectureCurve, source: string): void => {
    for (const e of curve.evaluations) if (Number.isFinite(e[field])) values.push({ run: labels.get(curve.name)!, epoch: e.epoch, value: e[field], source });
  };
  for (const c of curves) add(c, 'descent');
  for (const c of reference?.curves ?? []) if (labels.has(c.name)) add(c, reference!.name);
  const accuracy = field === 'testAccuracy';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: [...subtitle, ...(reference === undefined ? [] : [`solid: descent; dashed: ${reference.name}, same weights and batches`])] },
    width: 560,
    height: 320,
    background: 'white',
    config: chartConfig,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 18 }, strokeWidth: 1.8 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
          y: {
            field: 'value',
            type: 'quantitative',
            title: accuracy ? title : `${title} (log scale)`,
            ...(accuracy ? { axis: { format: '.0%' }, scale: { zero: false } } : { scale: { type: 'log' }, axis: { format: '~g' } }),
          },
          color: colour(curves),
          detail: { field: 'source' },
          ...(reference === undefined ? {} : dash(reference.name)),
        },
      },
    ],
  };
}
