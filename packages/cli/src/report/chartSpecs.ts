import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from '../render/chartConfig';
import type { RunRecord } from './loadRuns';

const WIDTH = 560;
const HEIGHT = 320;

/** What every chart of the report starts with: Vega-Lite v6, its title and subtitle lines, the report's size, white, the shared config. */
function reportChart(text: string, subtitle: string[]) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text, subtitle },
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    config: chartConfig,
  };
}


/** The runs' names with `(diverged)` appended where they diverged: the legend says it. */
function label(run: RunRecord): string {
  return run.status === 'diverged' ? `${run.name} (diverged)` : run.name;
}

function divergedNote(runs: readonly RunRecord[]): string[] {
  const diverged = runs.filter((r) => r.status === 'diverged');
  return diverged.length === 0 ? [] : [`✕ diverged: ${diverged.map((r) => `${r.name} (epoch ${r.diverged?.epoch ?? '?'})`).join(', ')}`];
}

/** Per-epoch metrics of a reference run (e.g. PyTorch's) drawn dashed beside the run of the same name. */
export interface ReferenceEpoch {
  /** The name of the run it belongs beside. */
  run: string;
  epoch: number;
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
}

/**
 * A per-epoch chart of every run on shared axes (the lecture's figures): `trainLoss`,
 * `testLoss` or `testAccuracy` against the epoch, one coloured line per run; a diverged
 * run ends in a red ✕ at its last finished epoch and is named so in the legend. With
 * `reference` (and its `name`), each run's reference curve is drawn dashed in the run's
 * colour, over the epochs the runs reached.
 *
 * @example
 * const spec = epochChartSpec(runs, 'trainLoss', 'Training loss');
 */
export function epochChartSpec(
  runs: readonly RunRecord[],
  field: 'trainLoss' | 'testLoss' | 'testAccuracy',
  title: string,
  reference?: { name: string; epochs: readonly ReferenceEpoch[] },
): TopLevelSpec {
  const values = runs.flatMap((run) =>
    run.metrics
      .filter((m) => m[field] !== undefined && Number.isFinite(m[field]))
      .map((m) => ({ run: label(run), epoch: m.epoch, value: m[field] as number, source: 'descent' })),
  );
  const lastEpoch = Math.max(1, ...values.map((v) => v.epoch));
  if (reference !== undefined) {
    const byName = new Map(runs.map((r) => [r.name, label(r)]));
    for (const r of reference.epochs) {
      const run = byName.get(r.run);
      if (run !== undefined && r.epoch <= lastEpoch) values.push({ run, epoch: r.epoch, value: r[field], source: reference.name });
    }
  }
  const ends = runs
    .filter((r) => r.status === 'diverged')
    .map((run) => {
      const last = [...run.metrics].reverse().find((m) => m[field] !== undefined && Number.isFinite(m[field]));
      return last === undefined ? undefined : { run: label(run), epoch: last.epoch, value: last[field] as number };
    })
    .filter((v) => v !== undefined);
  const accuracy = field === 'testAccuracy';
  const positive = values.map((v) => v.value).filter((v) => v > 0);
  // A run that blew up (loss 1e6) would flatten every other curve: use a log axis then.
  const logY = !accuracy && positive.length === values.length && positive.length > 0 && Math.max(...positive) / Math.min(...positive) > 100;
  const maxEpoch = Math.max(1, ...values.map((v) => v.epoch));
  const color = { field: 'run', type: 'nominal' as const, title: 'run', scale: { scheme: 'category10' }, sort: runs.map(label) };
  return {
    ...reportChart(title, [...(reference === undefined ? [] : [`solid: descent; dashed: ${reference.name}, same setup`]), ...divergedNote(runs)]),
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 30 }, strokeWidth: 2 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch', scale: { domain: [1, maxEpoch] }, axis: { tickMinStep: 1, format: 'd' } },
          y: {
            field: 'value',
            type: 'quantitative',
            title: logY ? `${title} (log scale)` : title,
            ...(accuracy ? { axis: { format: '.0%' } } : {}),
            ...(logY ? { scale: { type: 'log' }, axis: { format: '~g' } } : {}),
          },
          color,
          ...(reference === undefined
            ? {}
            : { strokeDash: { field: 'source', type: 'nominal' as const, title: 'source', legend: null, scale: { domain: ['descent', reference.name], range: [[1, 0], [6, 4]] } } }),
        },
      },
      {
        data: { values: ends },
        mark: { type: 'point', shape: 'cross', size: 220, color: '#d62728', filled: true, angle: 45 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative' },
          y: { field: 'value', type: 'quantitative', ...(logY ? { scale: { type: 'log' } } : {}) },
          tooltip: [{ field: 'run' }, { field: 'epoch' }],
        },
      },
    ],
  } as TopLevelSpec;
}

/**
 * Final loss against learning rate on a log axis, for sweeps (the lecture's "too small,
 * right, too large" picture): final training and test loss of every run that finished an
 * epoch; diverged runs as red ✕ at the top of the chart, at their learning rate.
 *
 * @example
 * const spec = lrChartSpec(runs); // undefined when fewer than two learning rates
 */
export function lrChartSpec(runs: readonly RunRecord[]): TopLevelSpec | undefined {
  const withLr = runs.filter((r) => r.lr !== undefined && r.lr > 0);
  if (new Set(withLr.map((r) => r.lr)).size < 2) return undefined;
  const values = withLr.flatMap((run) => {
    const last = run.metrics[run.metrics.length - 1];
    if (last === undefined || run.status === 'diverged') return [];
    const rows = [{ run: run.name, lr: run.lr!, loss: last.trainLoss, kind: 'final training loss' }];
    if (last.testLoss !== undefined) rows.push({ run: run.name, lr: run.lr!, loss: last.testLoss, kind: 'final test loss' });
    return rows.filter((r) => Number.isFinite(r.loss));
  });
  const top = Math.max(0.1, ...values.map((v) => v.loss)) * 1.1;
  const diverged = withLr.filter((r) => r.status === 'diverged').map((run) => ({ run: `${run.name} (diverged)`, lr: run.lr!, loss: top, kind: 'diverged' }));
  const kinds = ['final training loss', 'final test loss', ...(diverged.length > 0 ? ['diverged'] : [])];
  const lrs = withLr.map((r) => r.lr!);
  const decades: number[] = [];
  for (let e = Math.floor(Math.log10(Math.min(...lrs))); e <= Math.ceil(Math.log10(Math.max(...lrs))); e++) decades.push(10 ** e);
  const every = Math.ceil(decades.length / 10);
  const ticks = decades.filter((_, i) => i % every === 0);
  return {
    ...reportChart('Final loss against learning rate', divergedNote(runs)),
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 50 }, strokeWidth: 2 },
        encoding: {
          x: { field: 'lr', type: 'quantitative', title: 'learning rate (log scale)', scale: { type: 'log' }, axis: { format: '~g', values: ticks, grid: true } },
          y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { domainMin: 0 } },
          color: { field: 'kind', type: 'nominal', title: '', scale: { domain: kinds, range: ['#1f77b4', '#ff7f0e', '#d62728'] } },
          tooltip: [{ field: 'run' }, { field: 'lr' }, { field: 'loss' }],
        },
      },
      {
        data: { values: diverged },
        mark: { type: 'point', shape: 'cross', size: 260, color: '#d62728', filled: true, angle: 45 },
        encoding: {
          x: { field: 'lr', type: 'quantitative', scale: { type: 'log' } },
          y: { field: 'loss', type: 'quantitative' },
          // Names the run in the SVG (its aria-label) and in tooltips.
          tooltip: [{ field: 'run' }, { field: 'lr' }],
        },
      },
    ],
  } as TopLevelSpec;
}
