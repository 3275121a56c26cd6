import { DescentError, Rng } from '@descent/core';

/** A small 2D classification set: `n` points `(x[2i], x[2i+1])` with labels `y[i]` in [0, classes). */
export interface ClassificationSet {
  x: Float32Array;
  y: Uint8Array;
  n: number;
  classes: number;
}

/** Options shared by the 2D classification sets. */
export interface ClassificationOptions {
  /** Number of points. Default 200. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default per set). */
  noise?: number;
  /** Seed of the noise and of the shuffle. Default 0. */
  seed?: number;
}

/** Checked options plus the generator and the per-class counts (as even as possible). */
export function prepare(
  op: string,
  options: ClassificationOptions & { classes?: number },
  defaults: { noise: number; classes: number; maxClasses?: number },
): { n: number; noise: number; classes: number; rng: Rng; counts: number[] } {
  const n = options.n ?? 200;
  const noise = options.noise ?? defaults.noise;
  const seed = options.seed ?? 0;
  const classes = options.classes ?? defaults.classes;
  const maxClasses = defaults.maxClasses ?? 255;
  if (!Number.isInteger(n) || n < 1) throw new DescentError('INVALID_ARGUMENT', `${op}: n must be a positive integer, got ${String(n)}`);
  if (!Number.isFinite(noise) || noise < 0) throw new DescentError('INVALID_ARGUMENT', `${op}: noise must be a finite number >= 0, got ${String(noise)}`);
  if (!Number.isFinite(seed)) throw new DescentError('INVALID_ARGUMENT', `${op}: seed must be a finite number, got ${String(seed)}`);
  if (!Number.isInteger(classes) || classes < 2 || classes > maxClasses) {
    throw new DescentError('INVALID_ARGUMENT', `${op}: classes must be an integer in [2, ${maxClasses}], got ${String(classes)}`);
  }
  const counts = Array.from({ length: classes }, (_, k) => Math.floor(n / classes) + (k < n % classes ? 1 : 0));
  return { n, noise, classes, rng: new Rng(seed), counts };
}

/**
 * Builds the set from a point generator called as `point(k, i, m)` for the i-th of the m points
 * of class k; adds noise and shuffles the points (seeded).
 */
export function generate(
  prepared: { n: number; noise: number; classes: number; rng: Rng; counts: number[] },
  point: (k: number, i: number, m: number, rng: Rng) => [number, number],
): ClassificationSet {
  const { n, noise, classes, rng, counts } = prepared;
  const x = new Float32Array(2 * n);
  const y = new Uint8Array(n);
  let at = 0;
  counts.forEach((m, k) => {
    for (let i = 0; i < m; i++, at++) {
      const [px, py] = point(k, i, m, rng);
      x[2 * at] = px + (noise > 0 ? noise * rng.normal() : 0);
      x[2 * at + 1] = py + (noise > 0 ? noise * rng.normal() : 0);
      y[at] = k;
    }
  });
  // Fisher-Yates on points, so that classes are interleaved.
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tx = x[2 * i] as number;
    const ty = x[2 * i + 1] as number;
    x[2 * i] = x[2 * j] as number;
    x[2 * i + 1] = x[2 * j + 1] as number;
    x[2 * j] = tx;
    x[2 * j + 1] = ty;
    const tl = y[i] as number;
    y[i] = y[j] as number;
    y[j] = tl;
  }
  return { x, y, n, classes };
}
