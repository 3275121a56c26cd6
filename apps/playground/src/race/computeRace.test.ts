import { describe, expect, it } from 'vitest';
import { getSurface } from '@descent/datasets';
import { basinMap } from './basinMap';
import { computeRace } from './computeRace';

const quadratic = getSurface('quadratic');
const theta = Math.PI / 6;

describe('computeRace', () => {
  it('follows the closed form of gradient descent on a quadratic', () => {
    // f = (u^2 + 10 v^2) / 2 in coordinates rotated by 30 degrees: plain GD scales u by (1 - lr)
    // and v by (1 - 10 lr) each step.
    const lr = 0.05;
    const [x0, y0] = [-2.5, 2];
    const [trajectory] = computeRace({ surface: quadratic, start: [x0, y0], steps: 40, noise: 0, seed: 1, runs: [{ name: 'sgd', options: { lr }, schedule: '' }] });
    const u0 = x0 * Math.cos(theta) + y0 * Math.sin(theta);
    const v0 = -x0 * Math.sin(theta) + y0 * Math.cos(theta);
    for (const k of [1, 10, 40]) {
      const u = u0 * (1 - lr) ** k;
      const v = v0 * (1 - 10 * lr) ** k;
      expect(trajectory!.xs[k]).toBeCloseTo(u * Math.cos(theta) - v * Math.sin(theta), 5);
      expect(trajectory!.ys[k]).toBeCloseTo(u * Math.sin(theta) + v * Math.cos(theta), 5);
      expect(trajectory!.losses[k]).toBeCloseTo((u * u + 10 * v * v) / 2, 5);
    }
    expect(trajectory!.length).toBe(41);
    expect(trajectory!.diverged).toBe(false);
    expect(Array.from(trajectory!.lrs.subarray(0, 40)).every((v) => Math.abs(v - lr) < 1e-12)).toBe(true);
  });

  it('marks a run diverged past the stability limit lr = 2 / 10', () => {
    const [t] = computeRace({ surface: quadratic, start: [-2.5, 2], steps: 200, noise: 0, seed: 1, runs: [{ name: 'sgd', options: { lr: 0.25 }, schedule: '' }] });
    expect(t!.diverged).toBe(true);
    expect(t!.length).toBeLessThan(60);
    expect(t!.reached).toBe(-1);
  });

  it('counts steps to the minimum and applies the schedule', () => {
    const [constant, decayed] = computeRace({
      surface: quadratic,
      start: [2.5, 2.5],
      steps: 300,
      noise: 0,
      seed: 1,
      runs: [
        { name: 'sgd', options: { lr: 0.1 }, schedule: '' },
        { name: 'sgd', options: { lr: 0.1 }, schedule: 'step:10:0.5' },
      ],
    });
    expect(constant!.stepsToMinimum).toBeGreaterThan(0);
    expect(constant!.reached).toBe(0);
    expect(decayed!.lrs[0]).toBeCloseTo(0.1, 12);
    expect(decayed!.lrs[10]).toBeCloseTo(0.05, 12);
    expect(decayed!.lrs[25]).toBeCloseTo(0.025, 12);
  });

  it('reports a refused option instead of throwing', () => {
    const [t] = computeRace({ surface: quadratic, start: [1, 1], steps: 10, noise: 0, seed: 1, runs: [{ name: 'sgd', options: { nesterov: true }, schedule: '' }] });
    expect(t!.error).toMatch(/nesterov/);
    expect(t!.length).toBe(1);
  });

  it('gives the same noisy path for the same seed and another for another seed', () => {
    const run = { name: 'adam', options: { lr: 0.05 }, schedule: '' };
    const a = computeRace({ surface: quadratic, start: [1, 1], steps: 50, noise: 1, seed: 3, runs: [run, run] });
    const b = computeRace({ surface: quadratic, start: [1, 1], steps: 50, noise: 1, seed: 4, runs: [run] });
    expect(Array.from(a[0]!.xs)).toEqual(Array.from(a[1]!.xs));
    expect(Array.from(a[0]!.xs)).not.toEqual(Array.from(b[0]!.xs));
  });
});

describe('basinMap', () => {
  it('runs all starts at once and agrees with one optimizer per start', () => {
    const surface = getSurface('himmelblau');
    const run = { name: 'adam', options: { lr: 0.05 }, schedule: '' };
    const nx = 6;
    const ny = 5;
    const map = basinMap(surface, run, { nx, ny, steps: 300, noise: 0, seed: 1 });
    const b = surface.viewBox;
    const found = new Set<number>();
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = b.xMin + ((i + 0.5) / nx) * (b.xMax - b.xMin);
        const y = b.yMax - ((j + 0.5) / ny) * (b.yMax - b.yMin);
        const [single] = computeRace({ surface, start: [Math.fround(x), Math.fround(y)], steps: 300, noise: 0, seed: 1, runs: [run] });
        expect(map.reached[j * nx + i]).toBe(single!.reached);
        found.add(single!.reached);
      }
    }
    // Himmelblau has four minima; a grid over the view finds more than one basin.
    expect(found.size).toBeGreaterThan(2);
  });
});
