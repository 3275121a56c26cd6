import type { Surface } from './surface';

const TWO_PI = 2 * Math.PI;

/**
 * Rastrigin's function (A = 10, two dimensions): a bowl covered in a regular grid of local
 * minima; global minimum f(0, 0) = 0. Source: Rastrigin 1974; Wikipedia, "Rastrigin function".
 * The local minimum next to the origin is listed too (found here by Newton's method).
 */
export const rastrigin: Surface = {
  name: 'rastrigin',
  title: "Rastrigin's function",
  formula: 'f = 20 + x^2 - 10\\cos(2\\pi x) + y^2 - 10\\cos(2\\pi y)',
  f(x, y) {
    return 20 + x * x - 10 * Math.cos(TWO_PI * x) + y * y - 10 * Math.cos(TWO_PI * y);
  },
  grad(x, y, out) {
    out[0] = 2 * x + 20 * Math.PI * Math.sin(TWO_PI * x);
    out[1] = 2 * y + 20 * Math.PI * Math.sin(TWO_PI * y);
  },
  viewBox: { xMin: -5.12, xMax: 5.12, yMin: -5.12, yMax: 5.12 },
  starts: [
    [-4, 3.5],
    [2.2, -3.7],
    [0.6, 0.4],
  ],
  minima: [
    { x: 0, y: 0, value: 0, kind: 'global' },
    { x: 0.9949586376523347, y: 0, value: 0.9949590570932916, kind: 'local' },
  ],
  source: 'Wikipedia "Rastrigin function"; Jamil & Yang 2013 (f104)',
};
