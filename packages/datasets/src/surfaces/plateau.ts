import type { Surface } from './surface';

/**
 * A plateau: `1 - exp(-(x² + y²) / 2)`, a Gaussian well in a vast flat land where the
 * gradient is tiny (about 4e-6 at the first start point). Plain gradient descent barely
 * moves there; methods that normalise the step (Adam, RMSProp) cross it. Minimum f(0, 0) = 0.
 */
export const plateau: Surface = {
  name: 'plateau',
  title: 'Plateau',
  formula: 'f = 1 - e^{-(x^2 + y^2)/2}',
  f(x, y) {
    return 1 - Math.exp(-0.5 * (x * x + y * y));
  },
  grad(x, y, out) {
    const e = Math.exp(-0.5 * (x * x + y * y));
    out[0] = x * e;
    out[1] = y * e;
  },
  viewBox: { xMin: -6, xMax: 6, yMin: -6, yMax: 6 },
  starts: [
    [4, 3.5],
    [-3, 2.5],
    [2, -1.5],
  ],
  minima: [{ x: 0, y: 0, value: 0, kind: 'global' }],
};
