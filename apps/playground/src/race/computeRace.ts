import { cpu, cpuData } from '@descent/core';
import { withNoise, type Surface } from '@descent/datasets';
import { buildSchedule, optimizerEntry } from '../catalog';
import type { RunSpec } from '../state/runSpec';
import { runLr } from '../state/runSpec';
import type { OptionDescriptor } from '../state/optionValue';

/** One optimizer's path over a surface. */
export interface Trajectory {
  /** Points computed: `xs[0], ys[0]` is the start, `length - 1` steps were taken. */
  length: number;
  xs: Float64Array;
  ys: Float64Array;
  /** f at each point (the true function, without the gradient noise). */
  losses: Float64Array;
  /** The lr each step used. */
  lrs: Float64Array;
  /** True when the path left the finite plane (NaN, or more than 1e3 view boxes away). */
  diverged: boolean;
  /** The optimizer refused its options (message), no path. */
  error?: string;
  /** First step at which the path is within `tolerance` of a global minimum, or -1. */
  stepsToMinimum: number;
  /** Index in `surface.minima` of the minimum the path ends at, or -1. */
  reached: number;
}

export interface RaceInput {
  surface: Surface;
  start: readonly [number, number];
  steps: number;
  noise: number;
  seed: number;
  runs: readonly RunSpec[];
}

/** How close counts as "at the minimum": 1% of the view box's diagonal. */
export function minimumTolerance(surface: Surface): number {
  const b = surface.viewBox;
  return 0.01 * Math.hypot(b.xMax - b.xMin, b.yMax - b.yMin);
}

/** Index of the minimum within `radius` of (x, y), nearest first, or -1. */
export function nearestMinimum(surface: Surface, x: number, y: number, radius: number): number {
  let best = -1;
  let bestDistance = radius;
  surface.minima.forEach((m, i) => {
    const d = Math.hypot(m.x - x, m.y - y);
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

/**
 * The optimizer options a run asks for: its constants, with the lr replaced by the schedule
 * when it has one. Throws the scheduler's error for a bad schedule.
 */
export function runOptions(run: RunSpec): Record<string, unknown> {
  const specs = (optimizerEntry(run.name)?.options ?? []) as readonly OptionDescriptor[];
  const options: Record<string, unknown> = { ...run.options };
  if (run.schedule !== '') options.lr = buildSchedule(run.schedule, runLr(run, specs));
  return options;
}

/**
 * Runs every optimizer from the start point for `steps` steps: each moves one cpu tensor of
 * shape [2] with the same code the CLI runs, fed the surface's analytic gradient (plus
 * seeded Gaussian noise when `noise` > 0; every run sees the same noise stream).
 */
export function computeRace(input: RaceInput): Trajectory[] {
  return input.runs.map((run) => computeTrajectory(input, run));
}

function computeTrajectory(input: RaceInput, run: RunSpec): Trajectory {
  const { surface, steps } = input;
  const n = steps + 1;
  const t: Trajectory = {
    length: 1,
    xs: new Float64Array(n),
    ys: new Float64Array(n),
    losses: new Float64Array(n),
    lrs: new Float64Array(n),
    diverged: false,
    stepsToMinimum: -1,
    reached: -1,
  };
  const [x0, y0] = input.start;
  t.xs[0] = x0;
  t.ys[0] = y0;
  t.losses[0] = surface.f(x0, y0);
  const entry = optimizerEntry(run.name);
  if (entry === undefined) {
    t.error = `unknown optimizer '${run.name}'`;
    return t;
  }
  const field = input.noise > 0 ? withNoise(surface, { std: input.noise, seed: input.seed }) : surface;
  const position = cpu.fromArray([x0, y0], [2], 'xy');
  const gradient = cpu.zeros([2], 'xy');
  const p = cpuData(position);
  const g = cpuData(gradient);
  const out = new Float64Array(2);
  const tolerance = minimumTolerance(surface);
  const b = surface.viewBox;
  const far = 1e3 * Math.max(b.xMax - b.xMin, b.yMax - b.yMin);
  let optimizer;
  try {
    optimizer = entry.create({ xy: position }, runOptions(run));
  } catch (error) {
    t.error = (error as Error).message;
    cpu.dispose(position);
    cpu.dispose(gradient);
    return t;
  }
  if (nearestMinimum(surface, x0, y0, tolerance) >= 0 && surface.minima[nearestMinimum(surface, x0, y0, tolerance)]?.kind === 'global') t.stepsToMinimum = 0;
  // Gradients by position (one parameter): the optimizer matches them without a name lookup.
  const grads = [gradient];
  try {
    for (let k = 1; k <= steps; k++) {
      field.grad(p[0] as number, p[1] as number, out);
      g[0] = out[0] as number;
      g[1] = out[1] as number;
      t.lrs[k - 1] = optimizer.step(grads).lr;
      const x = p[0] as number;
      const y = p[1] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > far || Math.abs(y) > far) {
        t.diverged = true;
        break;
      }
      t.xs[k] = x;
      t.ys[k] = y;
      t.losses[k] = surface.f(x, y);
      t.length = k + 1;
      if (t.stepsToMinimum < 0) {
        const m = nearestMinimum(surface, x, y, tolerance);
        if (m >= 0 && surface.minima[m]?.kind === 'global') t.stepsToMinimum = k;
      }
    }
  } catch {
    // A non-finite gradient (the path ran off to where f overflows): the optimizer refused the step.
    t.diverged = true;
  } finally {
    optimizer.dispose();
    cpu.dispose(position);
    cpu.dispose(gradient);
  }
  t.lrs[t.length - 1] = t.lrs[Math.max(0, t.length - 2)] as number;
  const last = t.length - 1;
  t.reached = t.diverged ? -1 : nearestMinimum(surface, t.xs[last] as number, t.ys[last] as number, 5 * tolerance);
  return t;
}
