import type { Surface } from './surface';

const TWO_PI = 2 * Math.PI;

/**
 * Ackley's function (a = 20, b = 0.2, c = 2π, two dimensions): nearly flat and ridged far
 * out, a sharp funnel to the global minimum f(0, 0) = 0. The gradient is not defined at the
 * origin (a cone point); 0 is returned there.
 * Source: Ackley 1987; Jamil & Yang 2013, function 2; Wikipedia, "Ackley function".
 */
export const ackley: Surface = {
  name: 'ackley',
  title: "Ackley's function",
  formula: 'f = -20\\,e^{-0.2\\sqrt{(x^2 + y^2)/2}} - e^{(\\cos 2\\pi x + \\cos 2\\pi y)/2} + e + 20',
  f(x, y) {
    const r = Math.sqrt(0.5 * (x * x + y * y));
    return -20 * Math.exp(-0.2 * r) - Math.exp(0.5 * (Math.cos(TWO_PI * x) + Math.cos(TWO_PI * y))) + Math.E + 20;
  },
  grad(x, y, out) {
    const r = Math.sqrt(0.5 * (x * x + y * y));
    // d/dx of -20 e^{-0.2 r} = 4 e^{-0.2 r} dr/dx with dr/dx = x / (2r).
    const radial = r === 0 ? 0 : (2 * Math.exp(-0.2 * r)) / r;
    const wave = Math.PI * Math.exp(0.5 * (Math.cos(TWO_PI * x) + Math.cos(TWO_PI * y)));
    out[0] = radial * x + wave * Math.sin(TWO_PI * x);
    out[1] = radial * y + wave * Math.sin(TWO_PI * y);
  },
  viewBox: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  starts: [
    [-4, 3.5],
    [3.2, -2.5],
    [1.2, 1.5],
  ],
  minima: [{ x: 0, y: 0, value: 0, kind: 'global' }],
  source: 'Ackley 1987; Jamil & Yang 2013 (f2); Wikipedia "Ackley function"',
};
