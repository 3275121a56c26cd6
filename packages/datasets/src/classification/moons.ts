import { generate, prepare, type ClassificationOptions, type ClassificationSet } from './classificationSet';

/**
 * Two interleaving half circles, as scikit-learn's `make_moons`: class 0 on
 * `(cos t, sin t)`, class 1 on `(1 - cos t, 0.5 - sin t)`, t evenly spaced in [0, π].
 *
 * Options (defaults): `n` (200), `noise` (0.1, std of Gaussian noise per coordinate), `seed` (0).
 * @example
 * const { x, y } = moons({ n: 500, noise: 0.15, seed: 2 });
 */
export function moons(options: ClassificationOptions = {}): ClassificationSet {
  const prepared = prepare('moons', options, { noise: 0.1, classes: 2, maxClasses: 2 });
  return generate(prepared, (k, i, m) => {
    const t = m === 1 ? 0 : (Math.PI * i) / (m - 1);
    return k === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  });
}
