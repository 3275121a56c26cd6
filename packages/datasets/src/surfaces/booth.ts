import type { Surface } from './surface';

/**
 * Booth's function: a tilted, moderately ill-conditioned quadratic; minimum f(1, 3) = 0.
 * Source: Jamil & Yang 2013, function 17; Wikipedia, "Test functions for optimization".
 */
export const booth: Surface = {
  name: 'booth',
  title: "Booth's function",
  formula: 'f = (x + 2y - 7)^2 + (2x + y - 5)^2',
  f(x, y) {
    const a = x + 2 * y - 7;
    const b = 2 * x + y - 5;
    return a * a + b * b;
  },
  grad(x, y, out) {
    const a = x + 2 * y - 7;
    const b = 2 * x + y - 5;
    out[0] = 2 * a + 4 * b;
    out[1] = 4 * a + 2 * b;
  },
  viewBox: { xMin: -10, xMax: 10, yMin: -10, yMax: 10 },
  starts: [
    [-8, -8],
    [8, -6],
    [-6, 8],
  ],
  minima: [{ x: 1, y: 3, value: 0, kind: 'global' }],
  source: 'Jamil & Yang 2013 (f17); Wikipedia "Test functions for optimization"',
};
