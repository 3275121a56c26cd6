import { describe, expect, it } from 'vitest';
import { schedule } from './schedule';

describe('composites', () => {
  it('sequence starts each child at its own step 0 at its milestone (torch SequentialLR, without its step(0) quirk)', () => {
    const lr = schedule({
      type: 'sequence',
      initial: 0.1,
      milestones: [5, 15],
      schedules: [{ type: 'linearWarmup', startFactor: 0.2, totalIters: 5 }, { type: 'exponential', gamma: 0.5 }, { type: 'constant', initial: 0.001 }],
    });
    expect(lr(0)).toBeCloseTo(0.02, 15);
    expect(lr(4)).toBeCloseTo(0.1 * (0.2 + 0.8 * 0.8), 15);
    expect(lr(5)).toBe(0.1);
    expect(lr(6)).toBe(0.05);
    expect(lr(14)).toBe(0.1 * 0.5 ** 9);
    expect(lr(15)).toBe(0.001);
    expect(lr(1e6)).toBe(0.001);
  });

  it('product multiplies factors by initial; children default to multipliers', () => {
    const lr = schedule({
      type: 'product',
      initial: 0.1,
      schedules: [{ type: 'linearWarmup', startFactor: 0.5, totalIters: 2 }, { type: 'step', stepSize: 3, gamma: 0.5 }],
    });
    expect([0, 1, 2, 3, 6].map(lr)).toEqual([0.05, 0.1 * 0.75, 0.1, 0.05, 0.025]);
  });

  it('nests: a product inside a sequence takes the sequence initial, its children stay factors', () => {
    const lr = schedule({
      type: 'sequence',
      initial: 2,
      milestones: [3],
      schedules: [{ type: 'constant' }, { type: 'product', schedules: [{ type: 'exponential', gamma: 0.5 }] }],
    });
    expect([0, 2, 3, 4].map(lr)).toEqual([2, 2, 2, 1]);
  });
});
