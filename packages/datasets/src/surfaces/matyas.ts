import type { Surface } from './surface';

/**
 * Matyas's function: a flat, diagonally stretched bowl (condition number 25); minimum f(0, 0) = 0.
 * Source: Jamil & Yang 2013, function 71; Wikipedia, "Test functions for optimization".
 */
export const matyas: Surface = {
  name: 'matyas',
  title: "Matyas's function",
  formula: 'f = 0.26\\,(x^2 + y^2) - 0.48\\,xy',
  f(x, y) {
    return 0.26 * (x * x + y * y) - 0.48 * x * y;
  },
  grad(x, y, out) {
    out[0] = 0.52 * x - 0.48 * y;
    out[1] = 0.52 * y - 0.48 * x;
  },
  viewBox: { xMin: -10, xMax: 10, yMin: -10, yMax: 10 },
  starts: [
    [-8, 6],
    [7, 9],
    [6, -8],
  ],
  minima: [{ x: 0, y: 0, value: 0, kind: 'global' }],
  source: 'Jamil & Yang 2013 (f71); Wikipedia "Test functions for optimization"',
};
