import { DescentError, Rng } from '@descent/core';
import type { Surface } from './surface';

/** Options of {@link withNoise}. */
export interface NoiseOptions {
  /** Standard deviation of the Gaussian noise added to each gradient component. */
  std: number;
  /** Seed of the noise stream. Default 0. */
  seed?: number;
}

/** A surface whose gradient is noisy, with a way to replay the noise. */
export interface NoisySurface extends Surface {
  /** The noise's standard deviation. */
  readonly std: number;
  /** The surface without noise. */
  readonly base: Surface;
  /** Restarts the noise stream (from `seed`, or the original seed), so a run can be replayed. */
  reset(seed?: number): void;
}

/**
 * Adds seeded Gaussian noise of standard deviation `std` to each gradient component, a
 * stand-in for minibatch noise: `grad(x, y) = ∇f(x, y) + std · ξ`, ξ ~ N(0, I), a fresh ξ
 * at each call. `f` is unchanged. The noise is a stream: the k-th call gets the k-th draw,
 * and `reset()` starts it over.
 *
 * Options (defaults): `std` (required, >= 0), `seed` (0).
 *
 * @example
 * const noisy = withNoise(surfaces.rosenbrock, { std: 5, seed: 1 });
 * const g = new Float64Array(2);
 * noisy.grad(-1, 1, g);
 * noisy.reset(); // the same draws again
 * @throws DescentError `INVALID_ARGUMENT` for a negative or non-finite `std` or seed
 */
export function withNoise(surface: Surface, options: NoiseOptions): NoisySurface {
  const std = options?.std;
  if (typeof std !== 'number' || !Number.isFinite(std) || std < 0) {
    throw new DescentError('INVALID_ARGUMENT', `withNoise: std must be a finite number >= 0, got ${String(std)}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new DescentError('INVALID_ARGUMENT', `withNoise: seed must be a finite number, got ${String(seed)}`);
  let rng = new Rng(seed);
  const base = surface;
  return {
    ...surface,
    name: surface.name,
    title: `${surface.title} with gradient noise (std ${std})`,
    std,
    base,
    f: (x, y) => base.f(x, y),
    grad(x, y, out) {
      base.grad(x, y, out);
      out[0] = (out[0] as number) + std * rng.normal();
      out[1] = (out[1] as number) + std * rng.normal();
    },
    reset(newSeed?: number) {
      if (newSeed !== undefined && !Number.isFinite(newSeed)) {
        throw new DescentError('INVALID_ARGUMENT', `withNoise.reset: seed must be a finite number, got ${String(newSeed)}`);
      }
      rng = new Rng(newSeed ?? seed);
    },
  };
}
