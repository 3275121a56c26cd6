import { describe, expect, it } from 'vitest';
import { schedule } from './schedule';

describe('cycles', () => {
  it('oneCycle from epochs and stepsPerEpoch equals totalSteps', () => {
    const a = schedule({ type: 'oneCycle', maxLr: 0.1, epochs: 5, stepsPerEpoch: 20 });
    const b = schedule({ type: 'oneCycle', maxLr: 0.1, totalSteps: 100 });
    for (let t = 0; t < 120; t++) expect(a(t)).toBe(b(t));
  });

  it('oneCycle: starts at maxLr/divFactor, peaks at maxLr, ends at the minimum and holds it', () => {
    const lr = schedule({ type: 'oneCycle', maxLr: 1, totalSteps: 101, pctStart: 0.1, divFactor: 10, finalDivFactor: 100 });
    expect(lr(0)).toBeCloseTo(0.1, 15);
    expect(Math.max(...Array.from({ length: 101 }, (_, t) => lr(t)))).toBeCloseTo(1, 2);
    expect(lr(100)).toBeCloseTo(0.001, 15);
    expect(lr(101)).toBe(lr(100));
    expect(lr(1e6)).toBe(lr(100));
  });

  it('cyclic triangular2 halves its amplitude every cycle; exp_range scales by gamma^step', () => {
    const tri2 = schedule({ type: 'cyclic', baseLr: 0, maxLr: 1, stepSizeUp: 2, mode: 'triangular2' });
    // period 4: cycle 1 peaks at 1, cycle 2 at 0.5, cycle 3 at 0.25
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 10].map(tri2)).toEqual([0, 0.5, 1, 0.5, 0, 0.25, 0.5, 0.25, 0, 0.25]);
    const exp = schedule({ type: 'cyclic', baseLr: 0, maxLr: 1, stepSizeUp: 2, mode: 'exp_range', gamma: 0.5 });
    expect(exp(2)).toBe(0.25); // peak 1 * 0.5^2
    expect(exp(6)).toBe(0.5 ** 6);
  });

  it('cyclic with maxLr < baseLr is the inverted cycle used for momentum', () => {
    const momentum = schedule({ type: 'cyclic', baseLr: 0.95, maxLr: 0.85, stepSizeUp: 5 });
    expect(momentum(0)).toBe(0.95);
    expect(momentum(5)).toBeCloseTo(0.85, 15);
    expect(momentum(10)).toBeCloseTo(0.95, 15);
  });
});
