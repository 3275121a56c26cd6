import type { Surface } from './surface';

/**
 * The Goldstein-Price function: values from 3 to about a million over the view box; global
 * minimum f(0, -1) = 3 and local minima with values 30, 84 and 840.
 * Source: Goldstein & Price 1971; Jamil & Yang 2013, function 58; Wikipedia,
 * "Test functions for optimization". Local minima found here by Newton's method.
 */
export const goldsteinPrice: Surface = {
  name: 'goldsteinPrice',
  title: 'Goldstein-Price function',
  formula:
    'f = [1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)]\\,[30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)]',
  f(x, y) {
    const s = x + y + 1;
    const t = 2 * x - 3 * y;
    const a = 1 + s * s * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y);
    const b = 30 + t * t * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y);
    return a * b;
  },
  grad(x, y, out) {
    const s = x + y + 1;
    const t = 2 * x - 3 * y;
    const p = 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y;
    const q = 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y;
    const a = 1 + s * s * p;
    const b = 30 + t * t * q;
    // dp/dx = dp/dy = -14 + 6x + 6y, so da/dx = da/dy.
    const da = 2 * s * p + s * s * (-14 + 6 * x + 6 * y);
    const dbx = 4 * t * q + t * t * (-32 + 24 * x - 36 * y);
    const dby = -6 * t * q + t * t * (48 - 36 * x + 54 * y);
    out[0] = da * b + a * dbx;
    out[1] = da * b + a * dby;
  },
  viewBox: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
  starts: [
    [-1.5, 1.5],
    [1.5, 1.5],
    [-0.5, -1.8],
  ],
  minima: [
    { x: 0, y: -1, value: 3, kind: 'global' },
    { x: -0.6, y: -0.4, value: 30, kind: 'local' },
    { x: 1.8, y: 0.2, value: 84, kind: 'local' },
    { x: 1.2, y: 0.8, value: 840, kind: 'local' },
  ],
  logScale: true,
  source: 'Goldstein & Price 1971; Jamil & Yang 2013 (f58); Wikipedia "Test functions for optimization"',
};
