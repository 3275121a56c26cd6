import { DescentError } from '@descent/core';
import { generate, prepare, type ClassificationOptions, type ClassificationSet } from './classificationSet';

/** Options of {@link spirals}. */
export interface SpiralsOptions extends ClassificationOptions {
  /** Number of arms, one per class. Default 2. */
  classes?: number;
  /** Turns each arm makes. Default 1.25. */
  turns?: number;
}

/**
 * Interleaved spirals, one arm per class (the CS231n and TensorFlow Playground set): point
 * i of m in class k at radius r = i / m and angle 2π (k / classes + turns · r).
 *
 * Options (defaults): `n` (200), `noise` (0.02), `seed` (0), `classes` (2), `turns` (1.25).
 * @example
 * const { x, y, classes } = spirals({ n: 600, classes: 3 });
 */
export function spirals(options: SpiralsOptions = {}): ClassificationSet {
  const turns = options.turns ?? 1.25;
  if (!(Number.isFinite(turns) && turns > 0)) throw new DescentError('INVALID_ARGUMENT', `spirals: turns must be a positive number, got ${String(turns)}`);
  const prepared = prepare('spirals', options, { noise: 0.02, classes: 2 });
  const classes = prepared.classes;
  return generate(prepared, (k, i, m) => {
    const r = i / m;
    const t = 2 * Math.PI * (k / classes + turns * r);
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}
