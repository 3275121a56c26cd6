import { cpu } from '@descent/core';
import { surfaces, withNoise } from '@descent/datasets';
import { adadelta, adagrad, adam, adamax, adamw, lion, nadam, radam, rmsprop, sgd } from '@descent/optimizers';
import type { Optimizer, Params } from '@descent/optimizers';
import { describe, expect, it } from 'vitest';
import { createRacer, racerSpec } from './catalog';
import { leaderboard } from './leaderboard';
import { runRace } from './runRace';
import type { RaceSurface } from './raceTypes';

/** Drives `optimizer` by hand on `surface` for `steps` updates: the loop a user would write. */
function byHand(surface: RaceSurface, start: [number, number], steps: number, make: (params: Params) => Optimizer): { xs: number[]; ys: number[] } {
  const xy = cpu.fromArray(start, [2], 'xy');
  const grad = cpu.zeros([2]);
  const optimizer = make({ xy });
  const g = new Float64Array(2);
  const xs = [xy.data[0]!];
  const ys = [xy.data[1]!];
  for (let t = 0; t < steps; t++) {
    surface.grad(xy.data[0]!, xy.data[1]!, g);
    cpu.write(grad, g);
    optimizer.step({ xy: grad });
    xs.push(xy.data[0]!);
    ys.push(xy.data[1]!);
  }
  return { xs, ys };
}

// Each optimizer with options that make it move on Beale's function from (1, 1.5).
const cases: Array<[string, (params: Params) => Optimizer]> = [
  ['sgd:lr=0.001', (p) => sgd(p, { lr: 0.001 })],
  ['momentum:lr=0.001', (p) => sgd(p, { lr: 0.001, momentum: 0.9 })],
  ['nesterov:lr=0.001,momentum=0.8', (p) => sgd(p, { lr: 0.001, momentum: 0.8, nesterov: true })],
  ['adagrad:lr=0.5', (p) => adagrad(p, { lr: 0.5 })],
  ['rmsprop:lr=0.01,alpha=0.9', (p) => rmsprop(p, { lr: 0.01, alpha: 0.9 })],
  ['adam:lr=0.1,betas=0.8/0.99', (p) => adam(p, { lr: 0.1, betas: [0.8, 0.99] })],
  ['adamw:lr=0.05,weightDecay=0.1', (p) => adamw(p, { lr: 0.05, weightDecay: 0.1 })],
  ['adamax:lr=0.05', (p) => adamax(p, { lr: 0.05 })],
  ['nadam:lr=0.05', (p) => nadam(p, { lr: 0.05 })],
  ['radam:lr=0.005', (p) => radam(p, { lr: 0.005 })],
  ['adadelta:lr=10,rho=0.95', (p) => adadelta(p, { lr: 10, rho: 0.95 })],
  ['lion:lr=0.01', (p) => lion(p, { lr: 0.01 })],
];

describe('runRace', () => {
  it.each(cases)('%s moves exactly as the same optimizer driven step by step', (text, make) => {
    const start: [number, number] = [1, 1.5];
    const [trajectory] = runRace(surfaces.beale, start, [racerSpec(text)], 200, { createOptimizer: createRacer });
    const reference = byHand(surfaces.beale, start, 200, make);
    expect(trajectory!.steps).toBe(200);
    expect(Array.from(trajectory!.xs)).toEqual(reference.xs);
    expect(Array.from(trajectory!.ys)).toEqual(reference.ys);
    expect(trajectory!.losses[200]).toBe(surfaces.beale.f(reference.xs[200]!, reference.ys[200]!));
    // It did move: the race is not trivially equal.
    expect(Math.hypot(reference.xs[200]! - 1, reference.ys[200]! - 1.5)).toBeGreaterThan(0.05);
  });

  it('gives every racer the same seeded gradient noise, replayable by hand', () => {
    const specs = ['sgd:lr=0.001', 'adam:lr=0.05'].map(racerSpec);
    const noisy = () => withNoise(surfaces.beale, { std: 2, seed: 7 });
    const trajectories = runRace(surfaces.beale, [1, 1.5], specs, 100, { createOptimizer: createRacer, surfaceFor: noisy });
    expect(Array.from(trajectories[0]!.xs)).toEqual(byHand(noisy(), [1, 1.5], 100, (p) => sgd(p, { lr: 0.001 })).xs);
    expect(Array.from(trajectories[1]!.ys)).toEqual(byHand(noisy(), [1, 1.5], 100, (p) => adam(p, { lr: 0.05 })).ys);
    const clean = runRace(surfaces.beale, [1, 1.5], specs, 100, { createOptimizer: createRacer });
    expect(clean[1]!.xs[100]).not.toBe(trajectories[1]!.xs[100]);
  });

  it('takes Adam (lr 0.1) from Beale\'s usual start to the minimum (3, 0.5) within 400 steps', () => {
    const start = surfaces.beale.starts[0]!;
    expect(start).toEqual([0.7, 1.4]);
    const trajectories = runRace(surfaces.beale, start, [racerSpec('adam:lr=0.1')], 500, { createOptimizer: createRacer });
    const [row] = leaderboard(surfaces.beale, trajectories, 1e-2);
    expect(row!.minimum).toEqual(surfaces.beale.minima[0]);
    expect(row!.stepsToEps).not.toBeNull();
    expect(row!.stepsToEps!).toBeLessThanOrEqual(400);
    expect(row!.finalLoss).toBeLessThan(1e-6);
  });

  it('takes momentum (lr 0.001, 0.9) on Rosenbrock from (-1.2, 1) to (1, 1) within 1100 steps, where plain SGD does not get there in 3000', () => {
    const specs = ['momentum:lr=0.001,momentum=0.9', 'sgd:lr=0.001'].map(racerSpec);
    const trajectories = runRace(surfaces.rosenbrock, [-1.2, 1], specs, 3000, { createOptimizer: createRacer });
    const rows = leaderboard(surfaces.rosenbrock, trajectories, 1e-2);
    const momentum = rows.find((r) => r.label.startsWith('momentum'))!;
    const plain = rows.find((r) => r.label.startsWith('sgd'))!;
    expect(momentum.stepsToEps!).toBeLessThanOrEqual(1100);
    expect(momentum.minimum).toMatchObject({ x: 1, y: 1 });
    expect(plain.stepsToEps).toBeNull();
    expect(rows[0]).toBe(momentum);
  });

  it('stops a racer that leaves the enlarged view box and marks it diverged', () => {
    const [t] = runRace(surfaces.beale, [0.7, 1.4], [racerSpec('sgd:lr=0.1')], 100, { createOptimizer: createRacer });
    expect(t!.diverged).toBe(true);
    expect(t!.steps).toBeLessThan(100);
    expect(t!.xs.length).toBe(t!.steps + 1);
    expect(t!.reason).toMatch(/left the view box/);
  });

  it('marks leaving a saddle as an escape, not a divergence', () => {
    const specs = ['adam:lr=0.05', 'sgd:lr=0.01'].map(racerSpec);
    const [adamRun, sgdRun] = runRace(surfaces.saddle, [1.8, 0.001], specs, 150, { createOptimizer: createRacer });
    expect(adamRun!.escaped).toBe(true);
    expect(adamRun!.diverged).toBe(false);
    expect(Math.abs(adamRun!.ys[adamRun!.steps]!)).toBeGreaterThan(2);
    // Plain SGD slides to the saddle point and lingers there, as the lecture shows.
    expect(sgdRun!.escaped).toBe(false);
    expect(Math.hypot(sgdRun!.xs[150]!, sgdRun!.ys[150]!)).toBeLessThan(0.15);
  });

  it('builds every optimizer before the first step, so a bad option fails before any work', () => {
    let built = 0;
    const createOptimizer: typeof createRacer = (spec, params) => {
      built++;
      return createRacer(spec, params);
    };
    expect(() => runRace(surfaces.beale, [1, 1], ['adam:lr=0.1', 'sgd:lr=-1'].map(racerSpec), 10, { createOptimizer })).toThrow(/sgd: lr must be >= 0, got -1/);
    expect(built).toBe(2);
  });
});
