import type { Surface } from './surface';

/**
 * The saddle `x² - y²`: gradient descent started on the x axis (the stable direction) with
 * a tiny y slides to the saddle point and lingers there before escaping along y. One of the
 * lecture's animations (Radford). No minimum: the function is unbounded below.
 */
export const saddle: Surface = {
  name: 'saddle',
  title: 'Saddle point',
  formula: 'f = x^2 - y^2',
  f(x, y) {
    return x * x - y * y;
  },
  grad(x, y, out) {
    out[0] = 2 * x;
    out[1] = -2 * y;
  },
  viewBox: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
  starts: [
    [1.8, 0.001],
    [-1.5, -0.05],
    [1.5, 0.5],
  ],
  minima: [],
  saddlePoints: [{ x: 0, y: 0, value: 0 }],
};
