import type { EpochMetrics } from '@descent/train';
import { describe, expect, it } from 'vitest';
import { vegaLiteToSvg } from '../render/vegaLiteToSvg';
import { epochChartSpec, lrChartSpec } from './chartSpecs';
import type { RunRecord } from './loadRuns';

function epoch(n: number, trainLoss: number): EpochMetrics {
  return { epoch: n, step: n * 16, trainLoss, testLoss: trainLoss * 0.9, testAccuracy: 1 - trainLoss / 3, lr: 0.1, seconds: 1, evalSeconds: 0.1 };
}

function run(name: string, lr: number, metrics: EpochMetrics[], diverged?: { epoch: number; step: number }): RunRecord {
  return {
    name,
    dir: `/runs/${name}`,
    status: diverged === undefined ? 'completed' : 'diverged',
    metrics,
    lr,
    diverged: diverged === undefined ? null : { ...diverged, batch: 3, loss: 'NaN' },
  };
}

// A sweep over four decades: two runs that finished, one that diverged in epoch 2 (after a
// finished epoch), one that diverged in its first epoch (no finished epoch at all).
const runs = [
  run('lr-0.01', 0.01, [epoch(1, 2), epoch(2, 1.5)]),
  run('lr-0.1', 0.1, [epoch(1, 1), epoch(2, 0.5)]),
  run('lr-1000', 1000, [epoch(1, 5)], { epoch: 2, step: 21 }),
  run('lr-1000000', 1e6, [], { epoch: 1, step: 5 }),
];

type Layer = { data: { values: Array<Record<string, unknown>> }; mark: Record<string, unknown>; encoding: Record<string, { field?: string; scale?: { type?: string }; title?: string }> };

describe('lrChartSpec (loss against learning rate)', () => {
  const spec = lrChartSpec(runs)! as unknown as { title: { subtitle: string[] }; layer: Layer[] };

  it('puts the learning rate on a log x axis with a tick per decade', () => {
    const [lines, crosses] = spec.layer;
    expect(lines!.encoding.x).toMatchObject({ field: 'lr', scale: { type: 'log' }, title: 'learning rate (log scale)' });
    expect(crosses!.encoding.x).toMatchObject({ field: 'lr', scale: { type: 'log' } });
    expect((lines!.encoding.x as { axis: { values: number[] } }).axis.values).toEqual([0.01, 0.1, 1, 10, 100, 1000, 10000, 100000, 1000000]);
  });

  it('marks the diverged runs: red crosses at their learning rate, above every loss, named, and listed under the title', () => {
    const [lines, crosses] = spec.layer;
    expect(lines!.data.values.map((v) => v.run)).toEqual(['lr-0.01', 'lr-0.01', 'lr-0.1', 'lr-0.1']);
    expect(crosses!.mark).toMatchObject({ type: 'point', shape: 'cross', color: '#d62728' });
    const top = Math.max(...lines!.data.values.map((v) => v.loss as number));
    expect(crosses!.data.values).toEqual([
      { run: 'lr-1000 (diverged)', lr: 1000, loss: expect.any(Number), kind: 'diverged' },
      { run: 'lr-1000000 (diverged)', lr: 1e6, loss: expect.any(Number), kind: 'diverged' },
    ]);
    for (const v of crosses!.data.values) expect(v.loss as number).toBeGreaterThan(top);
    expect(spec.title.subtitle).toEqual(['✕ diverged: lr-1000 (epoch 2), lr-1000000 (epoch 1)']);
  });

  it('renders to an SVG whose x axis is logarithmic (decades equally spaced) and which shows the diverged runs', async () => {
    const svg = await vegaLiteToSvg(lrChartSpec(runs)!);
    expect(svg).toContain("aria-label=\"X-axis titled 'learning rate (log scale)' for a log scale");
    const tick = (label: string): number => Number(new RegExp(`translate\\(([\\d.]+),15\\)[^>]*>${label}</text>`).exec(svg)![1]);
    const steps = [tick('0.01'), tick('0.1'), tick('1'), tick('10')];
    expect(steps[1]! - steps[0]!).toBeGreaterThan(10);
    expect(steps[2]! - steps[1]!).toBeCloseTo(steps[1]! - steps[0]!, 6);
    expect(steps[3]! - steps[2]!).toBeCloseTo(steps[1]! - steps[0]!, 6);
    expect(svg).toContain('✕ diverged: lr-1000 (epoch 2), lr-1000000 (epoch 1)');
    const crosses = svg.match(/<path aria-label="[^"]*run: lr-\d+ \(diverged\)"[^>]*fill="#d62728"/g) ?? [];
    expect(crosses).toHaveLength(2);
    // The cross of lr 1000 sits on the x axis' 1000 tick.
    const cross = crosses.find((c) => c.includes('run: lr-1000 (diverged)'))!;
    expect(Number(/translate\(([\d.]+),/.exec(cross)![1])).toBeCloseTo(tick('1000'), 3);
    expect(svg).toMatch(/>diverged<\/text>/); // in the legend
  });

  it('is absent when the runs share one learning rate', () => {
    expect(lrChartSpec([runs[0]!, { ...runs[0]!, name: 'again' }])).toBeUndefined();
  });
});

describe('epochChartSpec (per-epoch curves)', () => {
  it('names a diverged run so in the legend and ends its curve in a red cross at its last finished epoch', () => {
    const spec = epochChartSpec(runs, 'trainLoss', 'Training loss') as unknown as { title: { subtitle: string[] }; layer: Layer[] };
    const [lines, ends] = spec.layer;
    expect(new Set(lines!.data.values.map((v) => v.run))).toEqual(new Set(['lr-0.01', 'lr-0.1', 'lr-1000 (diverged)']));
    expect(ends!.mark).toMatchObject({ shape: 'cross', color: '#d62728' });
    expect(ends!.data.values).toEqual([{ run: 'lr-1000 (diverged)', epoch: 1, value: 5 }]);
    expect(spec.title.subtitle).toEqual(['✕ diverged: lr-1000 (epoch 2), lr-1000000 (epoch 1)']);
  });
});
