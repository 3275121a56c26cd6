import type { Surface } from './surface';

/**
 * The Styblinski-Tang function in two dimensions: four minima at the corners of a square,
 * the global one f ≈ -78.3323 at (-2.903534, -2.903534).
 * Source: Styblinski & Tang 1990; Wikipedia, "Test functions for optimization"
 * (-39.16617 n < f* < -39.16616 n); Surjanovic & Bingham, "Styblinski-Tang function".
 */
export const styblinskiTang: Surface = {
  name: 'styblinskiTang',
  title: 'Styblinski-Tang function',
  formula: 'f = \\tfrac12 (x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y)',
  f(x, y) {
    const x2 = x * x;
    const y2 = y * y;
    return 0.5 * (x2 * x2 - 16 * x2 + 5 * x + y2 * y2 - 16 * y2 + 5 * y);
  },
  grad(x, y, out) {
    out[0] = 2 * x * x * x - 16 * x + 2.5;
    out[1] = 2 * y * y * y - 16 * y + 2.5;
  },
  viewBox: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  starts: [
    [0.5, 0.5],
    [4.5, -0.5],
    [-0.2, 4.5],
  ],
  minima: [
    { x: -2.903534027771177, y: -2.903534027771177, value: -78.33233140754284, kind: 'global' },
    { x: 2.746802770990837, y: -2.903534027771177, value: -64.19561235905536, kind: 'local' },
    { x: -2.903534027771177, y: 2.746802770990837, value: -64.19561235905536, kind: 'local' },
    { x: 2.746802770990837, y: 2.746802770990837, value: -50.05889331056789, kind: 'local' },
  ],
  source: 'Styblinski & Tang 1990; Wikipedia "Test functions for optimization"; Surjanovic & Bingham',
};
