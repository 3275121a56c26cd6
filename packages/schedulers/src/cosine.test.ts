import { describe, expect, it } from 'vitest';
import { schedule } from './schedule';

/** torch 1.13 CosineAnnealingWarmRestarts.step(epoch): T_cur and T_i from its log formula. */
function torchSgdr(epoch: number, t0: number, tMult: number, etaMin: number, base: number): number {
  let tCur: number;
  let tI: number;
  if (epoch >= t0) {
    if (tMult === 1) {
      tCur = epoch % t0;
      tI = t0;
    } else {
      const n = Math.floor(Math.log((epoch / t0) * (tMult - 1) + 1) / Math.log(tMult));
      tCur = epoch - (t0 * (tMult ** n - 1)) / (tMult - 1);
      tI = t0 * tMult ** n;
    }
  } else {
    tI = t0;
    tCur = epoch;
  }
  return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
}

describe('cosine family', () => {
  it('cosine: initial at 0, midpoint at tMax/2, etaMin at tMax, periodic after', () => {
    const lr = schedule({ type: 'cosine', tMax: 10, etaMin: 0.01, initial: 0.11 });
    expect(lr(0)).toBeCloseTo(0.11, 15);
    expect(lr(5)).toBeCloseTo(0.06, 15);
    expect(lr(10)).toBeCloseTo(0.01, 15);
    expect(lr(20)).toBeCloseTo(0.11, 15);
  });

  it('cosineWarmRestarts restarts at t0, t0(1 + tMult), ... and matches torch step(epoch) away from rounding', () => {
    const lr = schedule({ type: 'cosineWarmRestarts', t0: 3, tMult: 2, etaMin: 0, initial: 1 });
    for (const restart of [0, 3, 9, 21, 45, 93]) expect(lr(restart)).toBe(1);
    for (let t = 0; t < 200; t++) expect(lr(t)).toBeCloseTo(torchSgdr(t, 3, 2, 0, 1), 12);
    const flat = schedule({ type: 'cosineWarmRestarts', t0: 7, etaMin: 0.1, initial: 0.5 });
    for (let t = 0; t < 50; t++) expect(flat(t)).toBeCloseTo(torchSgdr(t, 7, 1, 0.1, 0.5), 14);
  });

  it("cosineWarmRestarts restarts where torch's log formula misplaces the restart by rounding", () => {
    // t0 = 1, tMult = 3: restarts at 0, 1, 4, 13, 40, 121. In Python, math.log(243, 3) is
    // 4.999999999999999, so torch's step(epoch=121) puts it in period 4 and gives etaMin.
    const lr = schedule({ type: 'cosineWarmRestarts', t0: 1, tMult: 3, initial: 1 });
    for (const restart of [0, 1, 4, 13, 40, 121, 364]) expect(lr(restart)).toBe(1);
    expect(lr(120)).toBeCloseTo(((1 + Math.cos((Math.PI * 80) / 81)) / 2), 15);
  });

  it('warmupCosine: linear warmup, cosine to etaMin at totalSteps, then held', () => {
    const lr = schedule({ type: 'warmupCosine', warmupSteps: 10, totalSteps: 110, etaMin: 0.001, initial: 0.1 });
    expect(lr(0)).toBe(0);
    expect(lr(5)).toBeCloseTo(0.05, 15);
    expect(lr(10)).toBeCloseTo(0.1, 15);
    expect(lr(60)).toBeCloseTo((0.1 + 0.001) / 2, 15);
    expect(lr(110)).toBe(0.001);
    expect(lr(10_000)).toBe(0.001);
    const start = schedule({ type: 'warmupCosine', warmupSteps: 4, totalSteps: 8, startFactor: 0.5, initial: 2 });
    expect([0, 2, 4].map(start)).toEqual([1, 1.5, 2]);
  });
});
