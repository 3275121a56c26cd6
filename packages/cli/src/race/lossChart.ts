import type { TopLevelSpec } from 'vega-lite';
import { racerColors } from './racePicture';
import type { Surface, Trajectory } from '@descent/race';

/**
 * Loss against step for every racer, as a Vega-Lite spec. On a surface with a known
 * minimum the y axis is the gap `f - f*` on a log scale (where the race is decided);
 * on a surface unbounded below, the loss itself on a linear scale.
 *
 * @example
 * const svg = await vegaLiteToSvg(lossChart(beale, trajectories));
 */
export function lossChart(surface: Surface, trajectories: readonly Trajectory[]): TopLevelSpec {
  const floor = surface.minima.length === 0 ? null : Math.min(...surface.minima.map((m) => m.value));
  // 600 points per racer are more than the 560-pixel-wide chart can show.
  const stride = (t: Trajectory): number => Math.max(1, Math.ceil((t.steps + 1) / 600));
  const values = trajectories.flatMap((t) => {
    const rows: Array<{ racer: string; step: number; loss: number }> = [];
    for (let i = 0; i <= t.steps; i += stride(t)) {
      const loss = floor === null ? t.losses[i]! : Math.max(t.losses[i]! - floor, 1e-16);
      if (Number.isFinite(loss)) rows.push({ racer: t.label, step: i, loss });
    }
    return rows;
  });
  const labels = trajectories.map((t) => t.label);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: 320,
    background: 'white',
    title: { text: `${surface.title ?? 'race'}: loss against step` },
    data: { values },
    mark: { type: 'line', strokeWidth: 1.8, clip: true },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y:
        floor === null
          ? { field: 'loss', type: 'quantitative', title: 'f(x, y)' }
          : { field: 'loss', type: 'quantitative', title: floor === 0 ? 'f(x, y)' : `f(x, y) - ${floor}`, scale: { type: 'log' } },
      color: { field: 'racer', type: 'nominal', title: 'optimizer', scale: { domain: labels, range: racerColors(labels.length) }, legend: { labelLimit: 260 } },
    },
    config: { font: 'DejaVu Sans' },
  } as TopLevelSpec;
}
