import { describe, expect, it } from 'vitest';
import { lambdaSchedule, multiplicativeLambda } from './lambda';
import { schedule } from './schedule';

describe('lambda schedules', () => {
  it('lambdaSchedule is initial * lambda(step) (torch LambdaLR)', () => {
    const lr = lambdaSchedule((step) => 1 / (step + 1), 0.5);
    expect([0, 1, 3].map(lr)).toEqual([0.5, 0.25, 0.125]);
  });

  it('multiplicativeLambda is initial * lambda(1) * ... * lambda(step), in any call order', () => {
    const factor = (step: number) => (step % 2 === 0 ? 0.5 : 1);
    const forward = multiplicativeLambda(factor, 8);
    const values = Array.from({ length: 8 }, (_, t) => forward(t));
    expect(values).toEqual([8, 8, 4, 4, 2, 2, 1, 1]);
    const backward = multiplicativeLambda(factor, 8);
    expect(Array.from({ length: 8 }, (_, t) => 7 - t).map(backward).reverse()).toEqual(values);
  });

  it('with a constant factor equals the multiplicative spec', () => {
    const a = multiplicativeLambda(() => 0.97, 0.1);
    const b = schedule({ type: 'multiplicative', factor: 0.97, initial: 0.1 });
    for (let t = 0; t < 50; t++) expect(a(t)).toBeCloseTo(b(t), 15);
  });

  it('rejects a non-function and a bad initial', () => {
    expect(() => lambdaSchedule(0.5 as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => multiplicativeLambda(() => 1, Number.NaN)).toThrow(/^multiplicativeLambda: initial must be a finite number, got NaN/);
  });
});
