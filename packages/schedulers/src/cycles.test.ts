import { readFileSync } from 'node:fs';
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

  // torch.optim.lr_scheduler.OneCycleLR's algorithm, transcribed: phases end at pct*T - 1
  // (and 2*pct*T - 2 with three phases) and T - 1; each anneals from its start to its end value.
  function torchOneCycle(maxLr: number, T: number, pct: number, div: number, finalDiv: number, cos: boolean, three: boolean): number[] {
    const initial = maxLr / div;
    const min = initial / finalDiv;
    const phases = three
      ? [
          { end: pct * T - 1, from: initial, to: maxLr },
          { end: 2 * pct * T - 2, from: maxLr, to: initial },
          { end: T - 1, from: initial, to: min },
        ]
      : [
          { end: pct * T - 1, from: initial, to: maxLr },
          { end: T - 1, from: maxLr, to: min },
        ];
    const anneal = (a: number, b: number, f: number): number => (cos ? b + ((a - b) / 2) * (1 + Math.cos(Math.PI * f)) : (b - a) * f + a);
    return Array.from({ length: T }, (_, k) => {
      let start = 0;
      for (let i = 0; i < phases.length; i++) {
        const ph = phases[i]!;
        if (k <= ph.end || i === phases.length - 1) return anneal(ph.from, ph.to, (k - start) / (ph.end - start));
        start = ph.end;
      }
      return NaN;
    });
  }

  it("the transcription reproduces PyTorch's two OneCycleLR fixture cases (cos/two phases, linear/three)", () => {
    type Case = { scheduler: string; options: Record<string, number | string | boolean>; expected: number[] };
    const cases = (JSON.parse(readFileSync(new URL('../fixtures/schedulers.json', import.meta.url), 'utf8')) as Case[]).filter((c) => c.scheduler === 'OneCycleLR');
    expect(cases).toHaveLength(2);
    for (const { options: o, expected } of cases) {
      const T = o.totalSteps as number;
      const ours = torchOneCycle(o.maxLr as number, T, (o.pctStart as number | undefined) ?? 0.3, (o.divFactor as number | undefined) ?? 25, (o.finalDivFactor as number | undefined) ?? 1e4, o.annealStrategy !== 'linear', o.threePhase === true);
      ours.forEach((v, k) => expect(Math.abs(v - expected[k]!)).toBeLessThanOrEqual(1e-12 * Math.abs(expected[k]!)));
    }
  });

  it.each([
    ['cos', true],
    ['linear', false],
  ] as const)('oneCycle %s with two and three phases follows torch at every step', (strategy, cos) => {
    for (const three of [false, true]) {
      const lr = schedule({ type: 'oneCycle', maxLr: 0.4, totalSteps: 50, pctStart: 0.3, divFactor: 20, finalDivFactor: 50, annealStrategy: strategy, threePhase: three });
      const expected = torchOneCycle(0.4, 50, 0.3, 20, 50, cos, three);
      expected.forEach((e, k) => expect(Math.abs(lr(k) - e), `${strategy} threePhase=${three} step ${k}`).toBeLessThanOrEqual(1e-12 * Math.abs(e)));
    }
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
