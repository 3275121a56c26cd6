import { DescentError, cpu, cpuData } from '@descent/core';
import { withNoise } from '@descent/datasets';
import type { Surface } from '@descent/datasets';
import { NOT_ELEMENTWISE, createRacer, racerEntry } from './createRacer';
import { DIVERGENCE_FACTOR, minimumAt } from './raceRules';
import type { Racer } from './raceTypes';

/** Which minimum each start point of a grid leads to. */
export interface BasinMap {
  nx: number;
  ny: number;
  /** Row-major from the top row (yMax) down: index into `surface.minima` the run ends at (see {@link minimumAt}), or -1 (none, diverged). */
  reached: Int16Array;
  /** How many starts end at each minimum, by index in `surface.minima`. */
  counts: number[];
}

/** Options of {@link basinMap}. */
export interface BasinMapOptions {
  /** Starts across (x) and down (y), at the centres of an `nx` x `ny` grid over the view box. */
  nx: number;
  ny: number;
  steps: number;
  /** Gradient noise std (default 0) and its seed (default 0). */
  noise?: number;
  seed?: number;
}

/**
 * The basin of attraction of every minimum for one racer: starts on an `nx` x `ny` grid over
 * the view box, each run for `steps` steps, and the minimum each ends within the race's
 * tolerance of ({@link minimumAt}; the same rule as the leaderboard's). Every update rule in
 * `@descent/optimizers` is elementwise, so all starts run at once as one parameter of shape
 * [2 * nx * ny] (x, y interleaved): one optimizer, the same update code and the same
 * trajectories as one optimizer per start. A start that diverges is frozen.
 *
 * Muon and Adafactor are not elementwise (see {@link NOT_ELEMENTWISE}): they are refused.
 *
 * @throws the racer's error when its options are refused; DescentError `INVALID_ARGUMENT` for a bad grid; `UNSUPPORTED` for Muon and Adafactor.
 * @example
 * const map = basinMap(surfaces.himmelblau, { name: 'adam', options: { lr: 0.05 }, label: 'Adam' }, { nx: 64, ny: 64, steps: 300 });
 */
export function basinMap(surface: Surface, racer: Racer, options: BasinMapOptions): BasinMap {
  const { nx, ny, steps } = options;
  if (![nx, ny, steps].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new DescentError('INVALID_ARGUMENT', `basinMap: nx, ny and steps must be positive integers, got ${nx}, ${ny} and ${steps}`);
  }
  const algorithm = racerEntry(racer.name)?.entry.name;
  if (algorithm !== undefined && NOT_ELEMENTWISE.has(algorithm)) {
    throw new DescentError('UNSUPPORTED', `basinMap: ${algorithm}'s update is not elementwise, so its starts cannot run as one parameter; expected an elementwise optimizer (SGD, Adam, ...)`);
  }
  const count = nx * ny;
  const reached = new Int16Array(count).fill(-1);
  const b = surface.viewBox;
  const start = new Float32Array(2 * count);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      start[2 * k] = b.xMin + ((i + 0.5) / nx) * (b.xMax - b.xMin);
      start[2 * k + 1] = b.yMax - ((j + 0.5) / ny) * (b.yMax - b.yMin);
    }
  }
  const position = cpu.fromArray(start, [2 * count], 'xy');
  const gradient = cpu.zeros([2 * count], 'xy');
  const p = cpuData(position);
  const g = cpuData(gradient);
  const out = new Float64Array(2);
  const alive = new Uint8Array(count).fill(1);
  const field = (options.noise ?? 0) > 0 ? withNoise(surface, { std: options.noise ?? 0, seed: options.seed ?? 0 }) : surface;
  const cx = (b.xMin + b.xMax) / 2;
  const cy = (b.yMin + b.yMax) / 2;
  const rx = ((b.xMax - b.xMin) / 2) * DIVERGENCE_FACTOR;
  const ry = ((b.yMax - b.yMin) / 2) * DIVERGENCE_FACTOR;
  let optimizer;
  try {
    optimizer = createRacer(racer, { xy: position });
  } catch (error) {
    cpu.dispose(position);
    cpu.dispose(gradient);
    throw error;
  }
  const grads = [gradient];
  try {
    for (let step = 0; step < steps; step++) {
      for (let k = 0; k < count; k++) {
        const x = p[2 * k] as number;
        const y = p[2 * k + 1] as number;
        if (alive[k] === 1 && Math.abs(x - cx) <= rx && Math.abs(y - cy) <= ry) {
          field.grad(x, y, out);
          if (Number.isFinite(out[0]) && Number.isFinite(out[1])) {
            g[2 * k] = out[0] as number;
            g[2 * k + 1] = out[1] as number;
            continue;
          }
        }
        // Diverged (NaN fails the box test too): frozen at the centre with a zero gradient.
        alive[k] = 0;
        p[2 * k] = cx;
        p[2 * k + 1] = cy;
        g[2 * k] = 0;
        g[2 * k + 1] = 0;
      }
      optimizer.step(grads);
    }
    const counts = surface.minima.map(() => 0);
    for (let k = 0; k < count; k++) {
      if (alive[k] !== 1) continue;
      const m = minimumAt(surface, p[2 * k] as number, p[2 * k + 1] as number);
      reached[k] = m;
      if (m >= 0) counts[m] = (counts[m] as number) + 1;
    }
    return { nx, ny, reached, counts };
  } finally {
    optimizer.dispose();
    cpu.dispose(position);
    cpu.dispose(gradient);
  }
}
