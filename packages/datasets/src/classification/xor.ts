import { generate, prepare, type ClassificationOptions, type ClassificationSet } from './classificationSet';

/**
 * The XOR problem: points uniform in the four quadrants of [-1, 1]², class 1 where x and y
 * have opposite signs (the labels of TensorFlow Playground's "exclusive or" set). Labels
 * come from the point before noise is added.
 *
 * Options (defaults): `n` (200), `noise` (0), `seed` (0).
 * @example
 * const { x, y } = xor({ n: 300, noise: 0.05 });
 */
export function xor(options: ClassificationOptions = {}): ClassificationSet {
  const prepared = prepare('xor', options, { noise: 0, classes: 2, maxClasses: 2 });
  return generate(prepared, (k, _i, _m, rng) => {
    // Class 0: quadrants (+, +) and (-, -); class 1: (+, -) and (-, +). A small margin keeps the
    // noiseless classes separable.
    const sx = rng.float() < 0.5 ? 1 : -1;
    const sy = k === 0 ? sx : -sx;
    return [sx * rng.uniform(0.05, 1), sy * rng.uniform(0.05, 1)];
  });
}
