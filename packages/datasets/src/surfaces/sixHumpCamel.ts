import type { Surface } from './surface';

/**
 * The six-hump camel function: two global minima f ≈ -1.0316 at ±(0.0898, -0.7126) and four
 * local ones. Source: Dixon & Szegő 1978; Jamil & Yang 2013, function 30; Surjanovic & Bingham,
 * Virtual Library of Simulation Experiments ("Six-hump camel function"). Coordinates here are
 * the published ones refined by Newton's method.
 */
export const sixHumpCamel: Surface = {
  name: 'sixHumpCamel',
  title: 'Six-hump camel function',
  formula: 'f = (4 - 2.1x^2 + x^4/3)\\,x^2 + xy + (4y^2 - 4)\\,y^2',
  f(x, y) {
    const x2 = x * x;
    const y2 = y * y;
    return (4 - 2.1 * x2 + (x2 * x2) / 3) * x2 + x * y + (4 * y2 - 4) * y2;
  },
  grad(x, y, out) {
    const x2 = x * x;
    out[0] = 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y;
    out[1] = x - 8 * y + 16 * y * y * y;
  },
  viewBox: { xMin: -3, xMax: 3, yMin: -2, yMax: 2 },
  starts: [
    [-2.5, 1.5],
    [2, -1.5],
    [0.5, 1.5],
  ],
  minima: [
    { x: 0.08984201310031807, y: -0.7126564030207396, value: -1.031628453489877, kind: 'global' },
    { x: -0.08984201310031807, y: 0.7126564030207396, value: -1.031628453489877, kind: 'global' },
    { x: 1.703606714969981, y: -0.7960835686726251, value: -0.215463824383717, kind: 'local' },
    { x: -1.703606714969981, y: 0.7960835686726251, value: -0.215463824383717, kind: 'local' },
    { x: 1.607104752920197, y: 0.5686514548841315, value: 2.104250310311258, kind: 'local' },
    { x: -1.607104752920197, y: -0.5686514548841315, value: 2.104250310311258, kind: 'local' },
  ],
  source: 'Dixon & Szegő 1978; Jamil & Yang 2013 (f30); Surjanovic & Bingham, "Six-hump camel function"',
};
