import { DescentError } from '@descent/core';
import type { DataSplit } from '../types';

/**
 * Checks one split of a {@link Trainer}'s data (typed arrays, sizes that agree, labels below
 * `classes`, the same features as the training split) and returns its features per item.
 *
 * @example
 * checkSplit('train', mnist.train, 10); // 784
 * @throws DescentError `INVALID_ARGUMENT` or `SHAPE_MISMATCH`, naming `data.<label>`
 */
export function checkSplit(label: string, split: DataSplit | undefined, classes: number, features?: number): number {
  if (split === null || typeof split !== 'object' || !(split.images instanceof Float32Array) || !(split.labels instanceof Uint8Array)) {
    throw new DescentError('INVALID_ARGUMENT', `Trainer: data.${label} must be { images: Float32Array, labels: Uint8Array, count }, got ${String(split)}`);
  }
  const { count, images, labels } = split;
  if (!Number.isInteger(count) || count < 1 || labels.length !== count || images.length % count !== 0 || images.length === 0) {
    throw new DescentError(
      'SHAPE_MISMATCH',
      `Trainer: data.${label}.count (${String(count)}) must be a positive integer equal to labels.length (${labels.length}) and divide images.length (${images.length})`,
    );
  }
  const f = images.length / count;
  if (features !== undefined && f !== features) {
    throw new DescentError('SHAPE_MISMATCH', `Trainer: data.${label} has ${f} features per item, but data.train has ${features}`);
  }
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= classes) {
      throw new DescentError('INVALID_ARGUMENT', `Trainer: data.${label}.labels[${i}] is ${labels[i]}, but classes is ${classes} (labels must be below it)`);
    }
  }
  return f;
}
