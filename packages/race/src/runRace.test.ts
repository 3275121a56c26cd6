import { cpu } from '@descent/core';
import { surfaces, withNoise } from '@descent/datasets';
import type { Surface } from '@descent/datasets';
import { adadelta, adagrad, adam, adamax, adamw, lion, nadam, radam, rmsprop, sgd } from '@descent/optimizers';
import type { Optimizer, Params } from '@descent/optimizers';
import { describe, expect, it } from 'vitest';
import { checkRacers, runRace } from './runRace';
import type { Racer } from './raceTypes';

/** Drives `optimizer` by hand on `surface` for `steps` updates: the loop a user would write. */
function byHand(surface: Surface, start: [number, number], steps: number, make: (params: Params) => Optimizer): { xs: number[]; ys: number[] } {
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

const racer = (name: string, options: Record<string, unknown>, schedule = ''): Racer => ({ name, options, label: name, schedule });

// Each optimizer with options that make it move on Beale's function from (1, 1.5).
const cases: Array<[string, Racer, (params: Params) => Optimizer]> = [
  ['sgd', racer('sgd', { lr: 0.001 }), (p) => sgd(p, { lr: 0.001 })],
  ['momentum (alias)', racer('momentum', { lr: 0.001 }), (p) => sgd(p, { lr: 0.001, momentum: 0.9 })],
  ['nesterov (alias)', racer('nesterov', { lr: 0.001, momentum: 0.8 }), (p) => sgd(p, { lr: 0.001, momentum: 0.8, nesterov: true })],
  ['adagrad', racer('adagrad', { lr: 0.5 }), (p) => adagrad(p, { lr: 0.5 })],
  ['rmsprop', racer('rmsprop', { lr: 0.01, alpha: 0.9 }), (p) => rmsprop(p, { lr: 0.01, alpha: 0.9 })],
  ['adam', racer('adam', { lr: 0.1, betas: [0.8, 0.99] }), (p) => adam(p, { lr: 0.1, betas: [0.8, 0.99] })],
  ['adamw', racer('adamw', { lr: 0.05, weightDecay: 0.1 }), (p) => adamw(p, { lr: 0.05, weightDecay: 0.1 })],
  ['adamax', racer('adamax', { lr: 0.05 }), (p) => adamax(p, { lr: 0.05 })],
  ['nadam', racer('nadam', { lr: 0.05 }), (p) => nadam(p, { lr: 0.05 })],
  ['radam', racer('radam', { lr: 0.005 }), (p) => radam(p, { lr: 0.005 })],
  ['adadelta', racer('adadelta', { lr: 10, rho: 0.95 }), (p) => adadelta(p, { lr: 10, rho: 0.95 })],
  ['lion', racer('lion', { lr: 0.01 }), (p) => lion(p, { lr: 0.01 })],
];

describe('runRace', () => {
  it.each(cases)('%s moves exactly as the same optimizer driven step by step', (_, spec, make) => {
    const start: [number, number] = [1, 1.5];
    const [trajectory] = runRace({ surface: surfaces.beale, start, steps: 200, racers: [spec] });
    const reference = byHand(surfaces.beale, start, 200, make);
    expect(trajectory!.steps).toBe(200);
    expect(Array.from(trajectory!.xs)).toEqual(reference.xs);
    expect(Array.from(trajectory!.ys)).toEqual(reference.ys);
    expect(trajectory!.losses[200]).toBe(surfaces.beale.f(reference.xs[200]!, reference.ys[200]!));
    // It did move: the race is not trivially equal.
    expect(Math.hypot(reference.xs[200]! - 1, reference.ys[200]! - 1.5)).toBeGreaterThan(0.05);
  });

  it('follows the closed form of gradient descent on a quadratic and records each step\'s lr', () => {
    // f = (u^2 + 10 v^2) / 2 in coordinates rotated by 30 degrees: plain GD scales u by (1 - lr) and v by (1 - 10 lr).
    const theta = Math.PI / 6;
    const lr = 0.05;
    const [x0, y0] = [-2.5, 2];
    const [t] = runRace({ surface: surfaces.quadratic, start: [x0, y0], steps: 40, racers: [racer('sgd', { lr })] });
    const u0 = x0 * Math.cos(theta) + y0 * Math.sin(theta);
    const v0 = -x0 * Math.sin(theta) + y0 * Math.cos(theta);
    for (const k of [1, 10, 40]) {
      const u = u0 * (1 - lr) ** k;
      const v = v0 * (1 - 10 * lr) ** k;
      expect(t!.xs[k]).toBeCloseTo(u * Math.cos(theta) - v * Math.sin(theta), 5);
      expect(t!.ys[k]).toBeCloseTo(u * Math.sin(theta) + v * Math.cos(theta), 5);
      expect(t!.losses[k]).toBeCloseTo((u * u + 10 * v * v) / 2, 5);
    }
    expect(t!.outcome).toBe('ran');
    expect(Array.from(t!.lrs).every((v) => Math.abs(v - lr) < 1e-12)).toBe(true);
  });

  it('applies a schedule to the lr, from the racer\'s lr', () => {
    const [t] = runRace({ surface: surfaces.quadratic, start: [2.5, 2.5], steps: 40, racers: [racer('sgd', { lr: 0.1 }, 'step:10:0.5')] });
    expect(t!.lrs[0]).toBeCloseTo(0.1, 12);
    expect(t!.lrs[10]).toBeCloseTo(0.05, 12);
    expect(t!.lrs[25]).toBeCloseTo(0.025, 12);
    expect(t!.schedule).toBe('step:10:0.5');
  });

  it('gives every racer the same seeded gradient noise, replayable by hand', () => {
    const scene = { surface: surfaces.beale, start: [1, 1.5] as const, steps: 100, noise: 2, seed: 7, racers: [racer('sgd', { lr: 0.001 }), racer('adam', { lr: 0.05 })] };
    const noisy = () => withNoise(surfaces.beale, { std: 2, seed: 7 });
    const trajectories = runRace(scene);
    expect(Array.from(trajectories[0]!.xs)).toEqual(byHand(noisy(), [1, 1.5], 100, (p) => sgd(p, { lr: 0.001 })).xs);
    expect(Array.from(trajectories[1]!.ys)).toEqual(byHand(noisy(), [1, 1.5], 100, (p) => adam(p, { lr: 0.05 })).ys);
    expect(runRace({ ...scene, noise: 0 })[1]!.xs[100]).not.toBe(trajectories[1]!.xs[100]);
    expect(runRace({ ...scene, seed: 8 })[1]!.xs[100]).not.toBe(trajectories[1]!.xs[100]);
  });

  it('records a refused racer (no path) and runs the others; checkRacers throws its error instead', () => {
    const racers = [racer('adam', { lr: 0.1 }), racer('sgd', { lr: -1 }), racer('sgd', { lr: 0.1 }, 'step:zz'), racer('bogus', {})];
    const [ok, negative, schedule, unknown] = runRace({ surface: surfaces.beale, start: [1, 1], steps: 10, racers });
    expect(ok!.outcome).toBe('ran');
    expect(negative).toMatchObject({ outcome: 'refused', steps: 0, diverged: false });
    expect(negative!.error).toMatch(/sgd: lr must be >= 0, got -1/);
    expect(negative!.xs.length).toBe(1);
    expect(schedule!.outcome).toBe('refused');
    expect(schedule!.error).toMatch(/parseSchedule: step.stepSize must be a number, got 'zz'/);
    expect(unknown!.error).toMatch(/unknown optimizer 'bogus'/);
    expect(() => checkRacers(racers)).toThrow(/sgd: lr must be >= 0, got -1/);
    expect(() => checkRacers(racers.slice(0, 1))).not.toThrow();
  });

  it('stops at a non-finite gradient and keeps the path so far', () => {
    // Beale's gradient overflows far out: a huge lr sends SGD there in one step.
    const [t] = runRace({ surface: surfaces.beale, start: [0.7, 1.4], steps: 50, racers: [racer('sgd', { lr: 1e3 })] });
    expect(t!.outcome).toBe('diverged');
    expect(t!.steps).toBeLessThan(50);
    expect(t!.xs.length).toBe(t!.steps + 1);
  });

  it('refuses a number of steps that is not a positive integer', () => {
    expect(() => runRace({ surface: surfaces.beale, start: [1, 1], steps: 0, racers: [] })).toThrow(/runRace: steps must be a positive integer, got 0/);
  });
});
