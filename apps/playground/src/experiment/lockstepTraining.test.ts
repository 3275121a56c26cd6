import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadMnist, type Mnist } from '@descent/datasets';
import { createDescentMlp } from '@descent/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { lectureRuns } from '../state/experimentState';
import { referencesFor, type ReferenceFile } from './lectureReference';
import { LockstepTraining, type ModelFactory } from './lockstepTraining';

const require = createRequire(import.meta.url);
const fixture = JSON.parse(readFileSync(join(dirname(require.resolve('@descent/cli/package.json')), 'fixtures', 'pytorch-lecture-curves.json'), 'utf8')) as ReferenceFile;
const descent: ModelFactory = (sizes, seed, batchSize) => createDescentMlp({ sizes, seed, batchSize });

let mnist: Mnist;
beforeAll(async () => {
  mnist = await loadMnist();
}, 60_000);

const evalSplit = () => ({ images: mnist.test.images.subarray(0, 500 * 784), labels: mnist.test.labels.subarray(0, 500), count: 500 });

describe('LockstepTraining (real MNIST, descent kernels)', () => {
  it("replays PyTorch's lecture runs: the same initial weights and batches give the same losses as the fixture", () => {
    const state = { runs: lectureRuns(), hidden: 200, batchSize: 64, steps: 40, seed: 0, backend: 'auto' as const };
    const references = referencesFor(fixture, state);
    // The lecture's five runs are replayed; lr 10 is not in the fixture.
    expect(references.map((r) => r?.curve.name)).toEqual(['lr-0.0001', 'lr-0.01', 'lr-0.1', 'lr-1', 'lr-1-halved', undefined]);
    const training = new LockstepTraining({ ...state, evalEvery: 20 }, mnist.train, evalSplit(), descent);
    while (training.round());
    const { steps, evaluations, ended } = training.drain();
    expect(ended.map((e) => e.status)).toEqual(Array(6).fill('done'));
    for (const [run, reference] of references.entries()) {
      if (reference === undefined) continue;
      const losses = steps.find((s) => s.run === run)!.losses;
      expect(losses).toHaveLength(40);
      // float32 here, float32 in PyTorch, different summation orders: they part slowly (lr 1 fastest).
      for (let i = 0; i < 40; i++) expect(Math.abs(losses[i]! - reference.curve.losses[i]!), `run ${run} step ${i + 1}`).toBeLessThan(run === 3 || run === 4 ? 5e-2 : 2e-3);
    }
    // Every run is evaluated at the same steps: 0, 20, 40.
    expect(evaluations.filter((e) => e.run === 0).map((e) => e.step)).toEqual([0, 20, 40]);
    training.dispose();
  }, 120_000);

  it('a run whose loss turns non-finite ends as diverged at that step; the others train on; a bad optimizer fails alone', () => {
    const runs = [
      { name: 'sgd', options: { lr: 0.1 }, schedule: '' },
      { name: 'sgd', options: { lr: 1e30 }, schedule: '' },
      { name: 'sgd', options: { lr: -1 }, schedule: '' },
    ];
    const training = new LockstepTraining({ runs, hidden: 16, batchSize: 32, steps: 30, seed: 3, evalEvery: 10 }, mnist.train, evalSplit(), descent);
    while (training.round());
    const { steps, ended } = training.drain();
    const end = new Map(ended.map((e) => [e.run, e]));
    expect(end.get(0)).toEqual({ run: 0, status: 'done', step: 30 });
    expect(end.get(1)!.status).toBe('diverged');
    expect(end.get(1)!.step).toBeGreaterThan(1);
    expect(steps.find((s) => s.run === 1)!.losses).toHaveLength(end.get(1)!.step - 1);
    expect(end.get(2)!.status).toBe('failed');
    expect(end.get(2)!.error).toMatch(/lr/);
    expect(training.stepsDone).toEqual([30, end.get(1)!.step - 1, 0]);
  }, 60_000);

  it('drain hands each step over once, in order, so the page can add chunks as they come', () => {
    const runs = [{ name: 'adam', options: { lr: 0.001 }, schedule: 'step:5:0.5' }];
    const training = new LockstepTraining({ runs, hidden: 8, batchSize: 16, steps: 12, seed: 1, evalEvery: 100 }, mnist.train, evalSplit(), descent);
    const chunks = [];
    while (training.round()) if (training.step % 4 === 0) chunks.push(...training.drain().steps);
    chunks.push(...training.drain().steps);
    expect(chunks.map((c) => c.from)).toEqual([1, 5, 9]);
    const lrs = chunks.flatMap((c) => c.lrs);
    expect(lrs).toHaveLength(12);
    expect(lrs.slice(0, 5)).toEqual(Array(5).fill(0.001));
    expect(lrs[5]).toBeCloseTo(0.0005, 12);
    expect(training.drain().steps).toEqual([]);
  }, 60_000);
});
