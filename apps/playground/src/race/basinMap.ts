import { cpu, cpuData } from '@descent/core';
import { withNoise, type Surface } from '@descent/datasets';
import { optimizerEntry } from '../catalog';
import type { RunSpec } from '../state/runSpec';
import { minimumTolerance, nearestMinimum, runOptions } from './computeRace';

/** Which minimum each start point of a grid leads to. */
export interface BasinMap {
  nx: number;
  ny: number;
  /** Row-major from the top row (yMax) down: index into `surface.minima`, or -1 (none / diverged). */
  reached: Int16Array;
}

/**
 * The basin of attraction of every minimum for one optimizer: starts on an `nx` x `ny` grid
 * over the view box, each run for `steps` steps, coloured by the minimum it ends near.
 * Every update rule in @descent/optimizers is elementwise, so all starts run at once as one
 * parameter of shape [2 * nx * ny] (x, y interleaved): one optimizer, the same update code,
 * the same trajectories as one optimizer per start. A start that leaves the plane is frozen.
 */
export function basinMap(surface: Surface, run: RunSpec, options: { nx: number; ny: number; steps: number; noise: number; seed: number }): BasinMap {
  const { nx, ny, steps } = options;
  const count = nx * ny;
  const reached = new Int16Array(count).fill(-1);
  const entry = optimizerEntry(run.name);
  if (entry === undefined) return { nx, ny, reached };
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
  const field = options.noise > 0 ? withNoise(surface, { std: options.noise, seed: options.seed }) : surface;
  const far = 1e3 * Math.max(b.xMax - b.xMin, b.yMax - b.yMin);
  let optimizer;
  try {
    optimizer = entry.create({ xy: position }, runOptions(run));
  } catch {
    cpu.dispose(position);
    cpu.dispose(gradient);
    return { nx, ny, reached };
  }
  const grads = [gradient];
  try {
    for (let step = 0; step < steps; step++) {
      for (let k = 0; k < count; k++) {
        const x = p[2 * k] as number;
        const y = p[2 * k + 1] as number;
        if (alive[k] === 1 && Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) < far && Math.abs(y) < far) {
          field.grad(x, y, out);
          if (Number.isFinite(out[0]) && Number.isFinite(out[1])) {
            g[2 * k] = out[0] as number;
            g[2 * k + 1] = out[1] as number;
            continue;
          }
        }
        alive[k] = 0;
        p[2 * k] = 0;
        p[2 * k + 1] = 0;
        g[2 * k] = 0;
        g[2 * k + 1] = 0;
      }
      optimizer.step(grads);
    }
  } catch {
    // The whole batch refused a step (should not happen with frozen starts): leave the map as far as it got.
  } finally {
    optimizer.dispose();
  }
  const radius = 5 * minimumTolerance(surface);
  for (let k = 0; k < count; k++) {
    if (alive[k] === 1) reached[k] = nearestMinimum(surface, p[2 * k] as number, p[2 * k + 1] as number, radius);
  }
  cpu.dispose(position);
  cpu.dispose(gradient);
  return { nx, ny, reached };
}
