import type { Surface } from './surface';

/**
 * The monkey saddle `x³ - 3xy²`: a degenerate saddle with three descending valleys, where
 * the gradient (and the Hessian) vanish at the origin. Unbounded below: no minimum.
 */
export const monkeySaddle: Surface = {
  name: 'monkeySaddle',
  title: 'Monkey saddle',
  formula: 'f = x^3 - 3xy^2',
  f(x, y) {
    return x * x * x - 3 * x * y * y;
  },
  grad(x, y, out) {
    out[0] = 3 * x * x - 3 * y * y;
    out[1] = -6 * x * y;
  },
  viewBox: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
  starts: [
    [1.5, 0.01],
    [0.5, 1.5],
    [1.5, -1],
  ],
  minima: [],
  saddlePoints: [{ x: 0, y: 0, value: 0 }],
};
