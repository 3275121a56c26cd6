import { describe, expect, it } from 'vitest';
import { schedule } from './schedule';
import { perEpoch, perIteration } from './units';

describe('units', () => {
  const byEpoch = schedule({ type: 'step', stepSize: 2, gamma: 0.5, initial: 1 });

  it('perIteration holds the epoch value for every iteration of the epoch', () => {
    const lr = perIteration(byEpoch, 10);
    expect([0, 9, 10, 19, 20, 39, 40].map(lr)).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.25]);
  });

  it('perEpoch reads the first iteration of each epoch; the two are inverse on epochs', () => {
    const back = perEpoch(perIteration(byEpoch, 7), 7);
    for (let e = 0; e < 20; e++) expect(back(e)).toBe(byEpoch(e));
    const byIteration = schedule({ type: 'cosine', tMax: 100, initial: 1 });
    expect(perEpoch(byIteration, 10)(3)).toBe(byIteration(30));
  });

  it('rejects a bad stepsPerEpoch, schedule or step', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      expect(() => perIteration(byEpoch, bad)).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER' }));
      expect(() => perEpoch(byEpoch, bad)).toThrow(/^perEpoch: stepsPerEpoch must be a positive integer/);
    }
    expect(() => perIteration(3 as never, 10)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => perIteration(byEpoch, 10)(-1)).toThrow(/^perIteration: step must be an integer >= 0, got -1/);
  });
});
