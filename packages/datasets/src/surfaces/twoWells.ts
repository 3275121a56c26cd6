import type { Surface } from './surface';

// Wells: a wide shallow one (the local minimum) and a narrow deep one (the global minimum),
// on a weak bowl so that the far field still points inward. Bishop's picture (PRML 2006,
// fig. 5.5) of a descent that settles in the nearer, worse minimum.
const WIDE = { x: -1.5, y: 0.5, depth: 1, width: 1 };
const DEEP = { x: 1.5, y: -0.5, depth: 2, width: 0.5 };
const BOWL = 0.05;

function well(w: typeof WIDE, x: number, y: number): number {
  const dx = x - w.x;
  const dy = y - w.y;
  return w.depth * Math.exp(-(dx * dx + dy * dy) / (2 * w.width * w.width));
}

/**
 * Two Gaussian wells on a weak quadratic bowl: a wide, shallow well around (-1.5, 0.5)
 * holds a local minimum; a narrow, deep one around (1.5, -0.5) the global minimum. Plain
 * gradient descent from the first start ends in the local minimum, from the second in the
 * global one. The minima were found by Newton's method and are
 * checked by the tests (zero gradient, positive definite Hessian).
 */
export const twoWells: Surface = {
  name: 'twoWells',
  title: 'Two Gaussian wells',
  formula:
    'f = -e^{-\\|p - (-1.5, 0.5)\\|^2 / 2} - 2\\,e^{-\\|p - (1.5, -0.5)\\|^2 / 0.5} + 0.05\\,(x^2 + y^2)',
  f(x, y) {
    return -well(WIDE, x, y) - well(DEEP, x, y) + BOWL * (x * x + y * y);
  },
  grad(x, y, out) {
    const a = well(WIDE, x, y) / (WIDE.width * WIDE.width);
    const b = well(DEEP, x, y) / (DEEP.width * DEEP.width);
    out[0] = a * (x - WIDE.x) + b * (x - DEEP.x) + 2 * BOWL * x;
    out[1] = a * (y - WIDE.y) + b * (y - DEEP.y) + 2 * BOWL * y;
  },
  viewBox: { xMin: -4, xMax: 4, yMin: -3, yMax: 3 },
  starts: [
    [-3.5, 2.5],
    [3.5, -2.5],
    [0, 2.5],
  ],
  minima: [
    { x: 1.478801923336431, y: -0.492933974445477, value: -1.883741367731432, kind: 'global' },
    { x: -1.362325069152615, y: 0.454108356384205, value: -0.8864178589551559, kind: 'local' },
  ],
};
