import type { Surface } from './surface';

/**
 * Rosenbrock's banana function (Rosenbrock 1960), a = 1, b = 100: a curved, flat-bottomed
 * valley; the minimum f(1, 1) = 0 is easy to reach and hard to converge on.
 * Source: Jamil & Yang 2013, function 105; Wikipedia, "Test functions for optimization".
 */
export const rosenbrock: Surface = {
  name: 'rosenbrock',
  title: "Rosenbrock's function",
  formula: 'f = (1 - x)^2 + 100\\,(y - x^2)^2',
  f(x, y) {
    const a = 1 - x;
    const b = y - x * x;
    return a * a + 100 * b * b;
  },
  grad(x, y, out) {
    const b = y - x * x;
    out[0] = -2 * (1 - x) - 400 * x * b;
    out[1] = 200 * b;
  },
  viewBox: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
  starts: [
    [-1.2, 1], // Rosenbrock's own start
    [-1.5, 2.5],
    [1.5, -0.5],
  ],
  minima: [{ x: 1, y: 1, value: 0, kind: 'global' }],
  logScale: true,
  source: 'Rosenbrock 1960; Jamil & Yang 2013 (f105); Wikipedia "Test functions for optimization"',
};
