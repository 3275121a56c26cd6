import { DescentError, cpu, isDescentError } from '@descent/core';
import type { CpuTensor } from '@descent/core';
import type { Optimizer } from '@descent/optimizers';
import type { OptimizerSpec } from './parseOptimizerSpec';
import type { RaceSurface, Trajectory } from './raceTypes';

/** Options of {@link runRace}. */
export interface RaceOptions {
  /** Gives each racer its own surface (e.g. the same noisy surface, re-seeded). Default: `surface` for all. */
  surfaceFor?: (index: number) => RaceSurface;
  /** Builds an optimizer from a spec over the one parameter `xy`. */
  createOptimizer: (spec: OptimizerSpec, params: Record<string, CpuTensor>) => Optimizer;
  /**
   * A racer stops when its point leaves the view box enlarged this many times around its
   * centre (diverged; or escaped, on a surface without minima), or becomes non-finite
   * (diverged). Default 10; on a surface without minima, 1 (the view box itself).
   */
  escape?: number;
}

/**
 * Runs every optimizer of `racers` for `steps` updates from `start` on `surface`. Each
 * racer moves one cpu tensor `xy` of shape [2]; its gradient comes from `surface.grad`
 * (noisy when the surface is), exactly as a user would drive the optimizer by hand.
 * Every optimizer is built before the first step, so a bad option fails before any work.
 *
 * @example
 * const trajectories = runRace(beale, [1, 1.5], specs, 300, { createOptimizer });
 */
export function runRace(
  surface: RaceSurface,
  start: readonly [number, number],
  racers: readonly OptimizerSpec[],
  steps: number,
  options: RaceOptions,
): Trajectory[] {
  if (!Number.isInteger(steps) || steps < 1) {
    throw new DescentError('INVALID_ARGUMENT', `runRace: steps must be a positive integer, got ${steps}`);
  }
  // Without a minimum (a saddle) leaving the picture is the way out: stop there.
  const escape = surface.minima.length === 0 ? 1 : (options.escape ?? 10);
  const box = surface.viewBox;
  const cx = (box.xMin + box.xMax) / 2;
  const cy = (box.yMin + box.yMax) / 2;
  const rx = ((box.xMax - box.xMin) / 2) * escape;
  const ry = ((box.yMax - box.yMin) / 2) * escape;
  const built = racers.map((spec) => {
    const xy = cpu.fromArray(start, [2], 'xy');
    return { spec, xy, grad: cpu.zeros([2], 'xy'), optimizer: options.createOptimizer(spec, { xy }) };
  });
  const out: Trajectory[] = [];
  built.forEach(({ spec, xy, grad, optimizer }, index) => {
    const field = options.surfaceFor?.(index) ?? surface;
    const xs = new Float64Array(steps + 1);
    const ys = new Float64Array(steps + 1);
    const losses = new Float64Array(steps + 1);
    const p = xy.data;
    const g = grad.data;
    const scratch = new Float64Array(2);
    xs[0] = p[0]!;
    ys[0] = p[1]!;
    losses[0] = surface.f(p[0]!, p[1]!);
    let done = steps;
    let reason: string | undefined;
    let escaped = false;
    for (let t = 1; t <= steps; t++) {
      field.grad(p[0]!, p[1]!, scratch);
      g[0] = scratch[0]!;
      g[1] = scratch[1]!;
      try {
        optimizer.step({ xy: grad });
      } catch (error) {
        if (!isDescentError(error, 'NON_FINITE')) throw error;
        reason = `non-finite gradient at step ${t}`;
        done = t - 1;
        break;
      }
      const x = p[0]!;
      const y = p[1]!;
      xs[t] = x;
      ys[t] = y;
      losses[t] = surface.f(x, y);
      if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(losses[t]!)) {
        reason = `non-finite position or loss at step ${t}`;
      } else if (Math.abs(x - cx) > rx || Math.abs(y - cy) > ry) {
        reason = escape === 1 ? `left the view box at step ${t}` : `left the view box (x${escape}) at step ${t}`;
        escaped = surface.minima.length === 0;
      }
      if (reason !== undefined) {
        done = t;
        break;
      }
    }
    optimizer.dispose();
    out.push({
      label: spec.label,
      optimizer: spec.name,
      options: spec.options,
      xs: xs.slice(0, done + 1),
      ys: ys.slice(0, done + 1),
      losses: losses.slice(0, done + 1),
      steps: done,
      diverged: reason !== undefined && !escaped,
      escaped,
      ...(reason === undefined ? {} : { reason }),
    });
  });
  return out;
}
