import { describe, expect, it } from 'vitest';
import { optimizerCatalog } from '../catalog';
import { splitHash } from './query';
import { decodeExperiment, defaultExperiment, encodeExperiment, lectureRuns } from './experimentState';

const decode = (hash: string) => decodeExperiment(splitHash(hash).pairs, optimizerCatalog);

describe('experiment state in the URL hash', () => {
  it("defaults to the lecture: SGD at 1e-4, 1e-2, 1e-1 and 1, lr 1 halved every epoch, lr 10; MLP 784-200-10, batch 64, seed 0, two epochs", () => {
    const state = defaultExperiment();
    expect(state.runs.map((r) => r.options.lr)).toEqual([1e-4, 1e-2, 1e-1, 1, 1, 10]);
    expect(state.runs.map((r) => r.schedule)).toEqual(['', '', '', '', 'step:938:0.5', '']);
    expect(lectureRuns().every((r) => r.name === 'sgd')).toBe(true);
    expect([state.hidden, state.batchSize, state.seed, state.steps]).toEqual([200, 64, 0, 1876]);
  });

  it('round-trips', () => {
    const state = { ...defaultExperiment(), hidden: 32, steps: 300, seed: 9, backend: 'wasm' as const };
    state.runs = [...state.runs, { name: 'adam', options: { lr: 0.003 }, schedule: 'cosine:300' }];
    const hash = encodeExperiment(state, optimizerCatalog);
    expect(splitHash(hash).view).toBe('experiment');
    expect(decode(hash)).toEqual({ state, problems: [] });
  });

  it('falls back field by field', () => {
    const { state, problems } = decode('#experiment?hidden=0&batch=x&steps=5.5&seed=-1&backend=quantum&run=sgd;lr=oops&run=zzz');
    const defaults = defaultExperiment();
    expect(state).toEqual({ ...defaults, runs: [{ name: 'sgd', options: {}, schedule: '' }] });
    expect(problems).toHaveLength(7);
  });
});
