import { DescentError } from '@descent/core';
import { generate, prepare, type ClassificationOptions, type ClassificationSet } from './classificationSet';

/** Options of {@link blobs}. */
export interface BlobsOptions extends ClassificationOptions {
  /** Number of blobs, one per class (ignored when `centers` is given). Default 3. */
  classes?: number;
  /** Blob centers. Default: evenly spaced on the circle of radius 2. */
  centers?: [number, number][];
}

/**
 * Isotropic Gaussian blobs, as scikit-learn's `make_blobs`: class k around center k with
 * standard deviation `noise`.
 *
 * Options (defaults): `n` (200), `noise` (0.5, each blob's std), `seed` (0), `classes` (3),
 * `centers` (evenly spaced on the circle of radius 2).
 * @example
 * const { x, y } = blobs({ n: 300, classes: 4, noise: 0.3 });
 */
export function blobs(options: BlobsOptions = {}): ClassificationSet {
  const centers = options.centers;
  if (centers !== undefined && (!Array.isArray(centers) || !centers.every((c) => Array.isArray(c) && c.length === 2 && c.every(Number.isFinite)))) {
    throw new DescentError('INVALID_ARGUMENT', `blobs: centers must be [x, y] pairs of finite numbers, got ${JSON.stringify(centers)}`);
  }
  const prepared = prepare('blobs', { ...options, classes: centers?.length ?? options.classes }, { noise: 0.5, classes: 3 });
  const k = prepared.classes;
  const at = centers ?? Array.from({ length: k }, (_, j): [number, number] => [2 * Math.cos((2 * Math.PI * j) / k), 2 * Math.sin((2 * Math.PI * j) / k)]);
  return generate(prepared, (j) => at[j] as [number, number]);
}
