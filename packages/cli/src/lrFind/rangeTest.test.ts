import { describe, expect, it } from 'vitest';
import { rangeTestGamma, rangeTestLr, smoother, suggestLr } from './rangeTest';
import type { RangeTestPoint } from './rangeTest';

/** A range test over lr = 10^u for u from -5 to 1 in 120 steps, with the loss `lossAt(u)` (unsmoothed). */
function sampleCurve(lossAt: (u: number) => number): RangeTestPoint[] {
  return Array.from({ length: 121 }, (_, i) => {
    const u = -5 + (6 * i) / 120;
    const loss = lossAt(u);
    return { step: i + 1, lr: 10 ** u, loss, smoothed: loss };
  });
}

describe('range test', () => {
  it('grows the lr exponentially from start to end', () => {
    expect(rangeTestLr(0, 1e-5, 10, 121)).toBe(1e-5);
    expect(rangeTestLr(120, 1e-5, 10, 121)).toBeCloseTo(10, 10);
    // 6 decades over 120 steps: one decade every 20 steps.
    expect(rangeTestLr(20, 1e-5, 10, 121)).toBeCloseTo(1e-4, 15);
    const gamma = rangeTestGamma(1e-5, 10, 121);
    expect(1e-5 * gamma ** 60).toBeCloseTo(rangeTestLr(60, 1e-5, 10, 121), 15);
  });

  it('smooths like a bias-corrected exponential moving average', () => {
    const smooth = smoother(0.9);
    expect(smooth(2)).toBeCloseTo(2, 14); // bias correction makes the first value exact
    // avg = 0.9 * 0.2 + 0.1 * 4 = 0.58; / (1 - 0.81) = 3.0526...
    expect(smooth(4)).toBeCloseTo(0.58 / 0.19, 12);
  });

  it('finds the steepest descent point and the minimum of a known curve', () => {
    // loss(u) = 2 - tanh(2 (u + 2)) + explosion past u = 0, with u = log10(lr): steepest at u = -2 (lr 1e-2).
    const points = sampleCurve((u) => 2 - Math.tanh(2 * (u + 2)) + (u > 0 ? 10 * u * u : 0));
    const s = suggestLr(points)!;
    expect(Math.log10(s.steepest)).toBeCloseTo(-2, 1);
    // The curve is lowest just past u = 0, where the explosion begins.
    expect(Math.log10(s.minimum)).toBeGreaterThan(-0.5);
    expect(Math.log10(s.minimum)).toBeLessThan(0.3);
    expect(s.minimumOver10).toBeCloseTo(s.minimum / 10, 15);
    expect(s.rule).toBe('steepest');
    expect(s.suggested).toBe(s.steepest);
    expect(s.explanation).toMatch(/falls fastest at lr 1\.00e-2/);
  });

  it('prefers a decade below the minimum when the steepest point is within half a decade of it', () => {
    // Steepest at u = -0.3 (lr 0.5), minimum near u = 0 (lr ~1): too close to the explosion.
    const points = sampleCurve((u) => 2 - Math.tanh(4 * (u + 0.3)) + (u > 0 ? 40 * u * u : 0));
    const s = suggestLr(points)!;
    expect(Math.log10(s.steepest)).toBeCloseTo(-0.3, 1);
    expect(s.rule).toBe('minimum/10');
    expect(s.suggested).toBe(s.minimumOver10);
  });

  it('falls back to a decade below the minimum when the loss only rises', () => {
    const points: RangeTestPoint[] = Array.from({ length: 40 }, (_, i) => ({ step: i + 1, lr: 10 ** (-4 + i / 10), loss: 1 + i, smoothed: 1 + i }));
    const s = suggestLr(points)!;
    expect(s.rule).toBe('minimum/10');
    expect(s.suggested).toBeCloseTo(s.minimum / 10, 15);
    expect(suggestLr(points.slice(0, 4))).toBeNull();
  });
});
