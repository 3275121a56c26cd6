import { describe, expect, it } from 'vitest';
import { allclose, expectAllclose } from './index';

describe('allclose', () => {
  it('follows numpy.allclose: |a - e| <= atol + rtol |e|', () => {
    // numpy.allclose([1e10, 1e-7], [1.00001e10, 1e-8]) is False; with [1e10, 1e-8] vs
    // [1.00001e10, 1e-9] it is True (numpy's own documentation examples, rtol 1e-5, atol 1e-8).
    expect(allclose([1e10, 1e-7], [1.00001e10, 1e-8], { rtol: 1e-5, atol: 1e-8 }).pass).toBe(false);
    expect(allclose([1e10, 1e-8], [1.00001e10, 1e-9], { rtol: 1e-5, atol: 1e-8 }).pass).toBe(true);
  });

  it('treats NaN and infinities as numpy does', () => {
    expect(allclose([1, Number.NaN], [1, Number.NaN]).pass).toBe(true);
    expect(allclose([1, Number.NaN], [1, Number.NaN], { equalNan: false }).pass).toBe(false);
    expect(allclose([Infinity], [Infinity]).pass).toBe(true);
    expect(allclose([Infinity], [-Infinity]).pass).toBe(false);
    expect(allclose([1e308], [Infinity]).pass).toBe(false);
    expect(allclose([Number.NaN], [0]).pass).toBe(false);
  });

  it('names the first element that is off and the tolerance it missed', () => {
    const report = allclose(Float32Array.of(1, 2, 3), [1, 2.5, 4], { rtol: 0, atol: 0.1 });
    expect(report.pass).toBe(false);
    expect(report.message).toBe('element 1 of 3: got 2, expected 2.5 (|difference| 0.5 > atol 0.1 + rtol 0 * |expected| = 0.1)');
    expect(report.maxAbsError).toBe(1);
    expect(() => expectAllclose([1], [1, 2])).toThrow('length: got 1, expected 2');
  });

  it('is the toBeAllclose matcher, with .not', () => {
    expect(Float32Array.of(0.1, 0.2)).toBeAllclose([0.1, 0.2], { rtol: 1e-6 });
    expect(3).toBeAllclose(3 + 1e-9);
    expect([1, 2]).not.toBeAllclose([1, 3]);
    expect(() => expect([1, 2]).toBeAllclose([1, 3])).toThrow('expected all close: element 1 of 2');
  });
});
