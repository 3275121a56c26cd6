import { DescentError } from '@descent/core';
import { generate, prepare, type ClassificationOptions, type ClassificationSet } from './classificationSet';

/** Options of {@link circles}. */
export interface CirclesOptions extends ClassificationOptions {
  /** Radius of the inner circle relative to the outer one (radius 1), in (0, 1). Default 0.5. */
  factor?: number;
}

/**
 * Two concentric circles, as scikit-learn's `make_circles`: class 0 on the unit circle,
 * class 1 on the circle of radius `factor`, angles evenly spaced.
 *
 * Options (defaults): `n` (200), `noise` (0.05), `seed` (0), `factor` (0.5).
 * @example
 * const { x, y } = circles({ n: 400, factor: 0.3 });
 */
export function circles(options: CirclesOptions = {}): ClassificationSet {
  const factor = options.factor ?? 0.5;
  if (!(factor > 0 && factor < 1)) throw new DescentError('INVALID_ARGUMENT', `circles: factor must be in (0, 1), got ${String(factor)}`);
  const prepared = prepare('circles', options, { noise: 0.05, classes: 2, maxClasses: 2 });
  return generate(prepared, (k, i, m) => {
    const t = (2 * Math.PI * i) / m;
    const r = k === 0 ? 1 : factor;
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}
