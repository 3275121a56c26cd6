import type { Surface } from './surface';

/**
 * A long, narrow, gently bending valley: `0.05 x² + 5 (y - 0.5 sin(x/2))²`. Across the
 * valley the curvature is 10, along its floor 0.1: gradient descent bounces between the
 * walls and crawls along the floor; momentum rolls down it. One of the lecture's animations
 * (Radford's "long valley"). Minimum f(0, 0) = 0, the only critical point.
 */
export const valley: Surface = {
  name: 'valley',
  title: 'Long narrow valley',
  formula: 'f = 0.05\\,x^2 + 5\\,(y - 0.5\\sin(x/2))^2',
  f(x, y) {
    const d = y - 0.5 * Math.sin(0.5 * x);
    return 0.05 * x * x + 5 * d * d;
  },
  grad(x, y, out) {
    const d = y - 0.5 * Math.sin(0.5 * x);
    out[0] = 0.1 * x - 2.5 * d * Math.cos(0.5 * x);
    out[1] = 10 * d;
  },
  viewBox: { xMin: -8, xMax: 8, yMin: -3, yMax: 3 },
  starts: [
    [-7.5, 1.5],
    [7, -2],
    [-6, -2.5],
  ],
  minima: [{ x: 0, y: 0, value: 0, kind: 'global' }],
};
