import { DescentError, cpu, cpuData } from '@descent/core';
import { withNoise } from '@descent/datasets';
import { RACER_SHAPE, createRacer } from './createRacer';
import { DIVERGENCE_FACTOR } from './raceRules';
import type { RaceScene, Racer, Trajectory } from './raceTypes';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Builds (and disposes) every racer's optimizer, so that a bad name, option or schedule fails
 * before any work is done.
 *
 * @throws the first racer's error: DescentError `NOT_FOUND`, `INVALID_HYPERPARAMETER`, or the scheduler's.
 * @example
 * checkRacers([{ name: 'adam', options: { lr: -1 }, label: 'Adam' }]); // throws INVALID_HYPERPARAMETER
 */
export function checkRacers(racers: readonly Racer[]): void {
  for (const racer of racers) {
    const xy = cpu.fromArray([0, 0], RACER_SHAPE, 'xy');
    try {
      createRacer(racer, { xy }).dispose();
    } finally {
      cpu.dispose(xy);
    }
  }
}

/**
 * Runs every racer of `scene` for `scene.steps` updates from `scene.start`: each moves one
 * cpu tensor `xy` of shape [1, 2] (a 1 x 2 matrix, so that Muon and Adafactor, which need
 * a matrix, race too; the elementwise rules do not see the difference) with its `@descent/optimizers` optimizer, fed the surface's
 * analytic gradient (plus seeded Gaussian noise when `noise` > 0, the same stream for every
 * racer), exactly as a user would drive the optimizer by hand. A racer stops early when it
 * diverges (a non-finite value, or the view box enlarged {@link DIVERGENCE_FACTOR} times
 * left) or, on a surface without minima, escapes (the view box itself left); the point that
 * left is kept. A racer whose options are refused gets `outcome: 'refused'` and the message
 * in `error` (use {@link checkRacers} first to throw instead).
 *
 * @throws DescentError `INVALID_ARGUMENT` unless `steps` is a positive integer.
 * @example
 * const [adam] = runRace({ surface: surfaces.beale, start: [1, 1.5], steps: 300, racers: [{ name: 'adam', options: { lr: 0.1 }, label: 'Adam' }] });
 */
export function runRace(scene: RaceScene): Trajectory[] {
  const { steps } = scene;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new DescentError('INVALID_ARGUMENT', `runRace: steps must be a positive integer, got ${steps}`);
  }
  return scene.racers.map((racer) => runRacer(scene, racer));
}

function runRacer(scene: RaceScene, racer: Racer): Trajectory {
  const { surface, steps } = scene;
  const noise = scene.noise ?? 0;
  const [x0, y0] = scene.start;
  const xs = new Float64Array(steps + 1);
  const ys = new Float64Array(steps + 1);
  const losses = new Float64Array(steps + 1);
  const lrs = new Float64Array(steps + 1);
  const position = cpu.fromArray([x0, y0], RACER_SHAPE, 'xy');
  const gradient = cpu.zeros(RACER_SHAPE, 'xy');
  const p = cpuData(position);
  const g = cpuData(gradient);
  // The start as given (the optimizer holds it in float32 from there on).
  xs[0] = x0;
  ys[0] = y0;
  losses[0] = surface.f(x0, y0);
  const base = {
    label: racer.label,
    optimizer: racer.name,
    options: racer.options,
    schedule: racer.schedule ?? '',
  };
  let optimizer;
  try {
    optimizer = createRacer(racer, { xy: position });
  } catch (error) {
    cpu.dispose(position);
    cpu.dispose(gradient);
    const one = (a: Float64Array): Float64Array => a.slice(0, 1);
    return { ...base, xs: one(xs), ys: one(ys), losses: one(losses), lrs: one(lrs), steps: 0, outcome: 'refused', diverged: false, escaped: false, error: message(error) };
  }
  // Without a minimum (a saddle) leaving the picture is the way out: stop there.
  const escapes = surface.minima.length === 0;
  const factor = escapes ? 1 : DIVERGENCE_FACTOR;
  const box = surface.viewBox;
  const cx = (box.xMin + box.xMax) / 2;
  const cy = (box.yMin + box.yMax) / 2;
  const rx = ((box.xMax - box.xMin) / 2) * factor;
  const ry = ((box.yMax - box.yMin) / 2) * factor;
  const field = noise > 0 ? withNoise(surface, { std: noise, seed: scene.seed ?? 0 }) : surface;
  const out = new Float64Array(2);
  // Gradients by position (one parameter): the optimizer matches them without a name lookup.
  const grads = [gradient];
  let done = steps;
  let reason: string | undefined;
  try {
    for (let t = 1; t <= steps; t++) {
      field.grad(p[0] as number, p[1] as number, out);
      if (!Number.isFinite(out[0]) || !Number.isFinite(out[1])) {
        reason = `non-finite gradient at step ${t}`;
        done = t - 1;
        break;
      }
      g[0] = out[0] as number;
      g[1] = out[1] as number;
      lrs[t - 1] = optimizer.step(grads).lr;
      const x = p[0] as number;
      const y = p[1] as number;
      xs[t] = x;
      ys[t] = y;
      losses[t] = surface.f(x, y);
      if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(losses[t])) reason = `non-finite position or loss at step ${t}`;
      else if (Math.abs(x - cx) > rx || Math.abs(y - cy) > ry) reason = escapes ? `left the view box at step ${t}` : `left the view box (x${factor}) at step ${t}`;
      if (reason !== undefined) {
        done = t;
        break;
      }
    }
  } finally {
    optimizer.dispose();
    cpu.dispose(position);
    cpu.dispose(gradient);
  }
  lrs[done] = done > 0 ? (lrs[done - 1] as number) : 0;
  const escaped = reason !== undefined && escapes && !reason.startsWith('non-finite');
  const diverged = reason !== undefined && !escaped;
  return {
    ...base,
    xs: xs.slice(0, done + 1),
    ys: ys.slice(0, done + 1),
    losses: losses.slice(0, done + 1),
    lrs: lrs.slice(0, done + 1),
    steps: done,
    outcome: diverged ? 'diverged' : escaped ? 'escaped' : 'ran',
    diverged,
    escaped,
    ...(reason === undefined ? {} : { reason }),
  };
}
