import type { Surface } from './surface';

/**
 * Beale's function: flat plateaus and sharp ridges toward the corners; minimum f(3, 0.5) = 0.
 * One of the lecture's animations (Radford).
 * Source: Jamil & Yang 2013, function 10; Wikipedia, "Test functions for optimization".
 */
export const beale: Surface = {
  name: 'beale',
  title: "Beale's function",
  formula: 'f = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2',
  f(x, y) {
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    return a * a + b * b + c * c;
  },
  grad(x, y, out) {
    const y2 = y * y;
    const y3 = y2 * y;
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y2;
    const c = 2.625 - x + x * y3;
    out[0] = 2 * a * (y - 1) + 2 * b * (y2 - 1) + 2 * c * (y3 - 1);
    out[1] = 2 * a * x + 4 * b * x * y + 6 * c * x * y2;
  },
  viewBox: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
  starts: [
    [0.7, 1.4],
    [-1, -1.5],
    [2.5, 2],
  ],
  minima: [{ x: 3, y: 0.5, value: 0, kind: 'global' }],
  logScale: true,
  source: 'Jamil & Yang 2013 (f10); Wikipedia "Test functions for optimization"',
};
