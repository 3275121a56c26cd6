import { describe, expect, it } from 'vitest';
import { countAtOrBelow } from './decay';
import { schedule } from './schedule';

describe('decays not in the torch fixtures', () => {
  it('inverseTime follows Keras InverseTimeDecay: initial / (1 + rate * step / decaySteps)', () => {
    const lr = schedule({ type: 'inverseTime', decayRate: 0.5, decaySteps: 10, initial: 0.2 });
    expect(lr(0)).toBe(0.2);
    expect(lr(20)).toBeCloseTo(0.1, 15); // 0.2 / (1 + 0.5 * 2)
    expect(lr(5)).toBeCloseTo(0.2 / 1.25, 15);
    const stairs = schedule({ type: 'inverseTime', decayRate: 0.5, decaySteps: 10, staircase: true, initial: 0.2 });
    expect([0, 9, 10, 19, 20].map(stairs)).toEqual([0.2, 0.2, 0.2 / 1.5, 0.2 / 1.5, 0.1]);
  });

  it('polynomial reaches etaMin at totalIters and stays', () => {
    const lr = schedule({ type: 'polynomial', totalIters: 10, power: 2, etaMin: 0.01, initial: 0.11 });
    expect(lr(0)).toBeCloseTo(0.11, 15);
    expect(lr(5)).toBeCloseTo(0.01 + 0.1 * 0.25, 15);
    expect(lr(10)).toBeCloseTo(0.01, 15);
    expect(lr(1000)).toBeCloseTo(0.01, 15);
  });

  it('multiStep counts milestones at or below the step (torch bisect_right)', () => {
    expect([0, 29, 30, 59, 60, 61, 1000].map((s) => countAtOrBelow([30, 60], s))).toEqual([0, 0, 1, 1, 2, 2, 2]);
    const lr = schedule({ type: 'multiStep', milestones: [2, 4], gamma: 0.5, initial: 8 });
    expect([0, 1, 2, 3, 4, 5].map(lr)).toEqual([8, 8, 4, 4, 2, 2]);
  });

  it('is exact for huge steps (closed form, no accumulation)', () => {
    expect(schedule({ type: 'exponential', gamma: 0.5, initial: 1 })(10)).toBe(1 / 1024);
    expect(schedule({ type: 'step', stepSize: 1000, gamma: 0.5 })(1e9)).toBe(0); // underflow, not NaN
    expect(schedule({ type: 'multiplicative', factor: 0.5 })(3)).toBe(0.125);
  });
});
