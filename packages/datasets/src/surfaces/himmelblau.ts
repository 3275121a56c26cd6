import type { Surface } from './surface';

/**
 * Himmelblau's function (Himmelblau 1972): four global minima of value 0, so where an
 * optimizer ends depends on where it starts; a local maximum near (-0.27, -0.92).
 * Source: Wikipedia, "Himmelblau's function" (minima to 6 decimals); Jamil & Yang 2013.
 */
export const himmelblau: Surface = {
  name: 'himmelblau',
  title: "Himmelblau's function",
  formula: 'f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  f(x, y) {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    return a * a + b * b;
  },
  grad(x, y, out) {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    out[0] = 4 * x * a + 2 * b;
    out[1] = 2 * a + 4 * y * b;
  },
  viewBox: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  starts: [
    [-0.3, -0.9],
    [0, 0],
    [-1, 4.5],
    [1, -4.5],
  ],
  minima: [
    { x: 3, y: 2, value: 0, kind: 'global' },
    { x: -2.805118086952745, y: 3.131312518250573, value: 0, kind: 'global' },
    { x: -3.779310253377747, y: -3.283185991286170, value: 0, kind: 'global' },
    { x: 3.584428340330492, y: -1.848126526964403, value: 0, kind: 'global' },
  ],
  logScale: true,
  source: 'Himmelblau 1972; Wikipedia "Himmelblau\'s function"',
};
