import { Rng } from '../rng';
import type { Backend, MatmulOptions, Tensor } from '../tensor';

/**
 * The matrix-product cases every backend must pass (`Backend.matmul`), against a float64
 * reference written here from the definition `out <- alpha op(a) op(b) + beta out`.
 * Test code: not exported by the package.
 */

/** `[m, k, n]`: odd sizes (no backend may rely on multiples of 4 or 8), edges, and the MLP's shapes. */
export const matmulShapes: ReadonlyArray<readonly [number, number, number]> = [
  [1, 1, 1],
  [1, 7, 1],
  [3, 5, 2],
  [5, 3, 7],
  [9, 1, 13],
  [17, 33, 9],
  [31, 64, 45],
  [64, 10, 200],
  [0, 4, 3],
  [4, 0, 3],
  [64, 784, 200],
  [784, 64, 200],
  [200, 64, 10],
  [129, 257, 67],
  [33, 129, 530],
];

/** The four transpose cases and the scalings checked on each shape. */
export const matmulCases: ReadonlyArray<{ label: string; options: MatmulOptions }> = [
  { label: 'N N', options: {} },
  { label: 'T N', options: { transposeA: true } },
  { label: 'N T', options: { transposeB: true } },
  { label: 'T T', options: { transposeA: true, transposeB: true } },
  { label: 'N N alpha -0.5 beta 1', options: { alpha: -0.5, beta: 1 } },
  { label: 'T N alpha 2 beta 0.25', options: { transposeA: true, alpha: 2, beta: 0.25 } },
  { label: 'N T beta -1', options: { transposeB: true, beta: -1 } },
];

/** Seeded float32 values in [-1, 1), as float64. */
function values(seed: number, size: number): Float64Array {
  return Float64Array.from(new Rng(seed).fillUniform(new Float32Array(size), -1, 1));
}

/**
 * Runs `out <- alpha op(a) op(b) + beta out` for `[m, k, n]` on `backend` and returns the
 * largest error relative to the tolerance `1e-6 (sum_p |op(a)[i,p] op(b)[p,j]| + |beta out[i,j]|) + 1e-7`
 * (so a result passes when the returned value is <= 1), with the inputs' own check that
 * `a` and `b` are unchanged.
 */
export function runMatmul(
  backend: Backend,
  [m, k, n]: readonly [number, number, number],
  options: MatmulOptions,
  seed = 1,
  alloc: (values: Float64Array, shape: [number, number], name: string) => Tensor = (values, shape, name) => backend.fromArray(values, shape, name),
): { worst: number; where: string; operandsKept: boolean } {
  const ta = options.transposeA === true;
  const tb = options.transposeB === true;
  const alpha = options.alpha ?? 1;
  const beta = options.beta ?? 0;
  const av = values(seed, m * k);
  const bv = values(seed + 1, k * n);
  // beta 0 must ignore out's old contents, NaN included.
  const ov = beta === 0 ? new Float64Array(m * n).fill(NaN) : values(seed + 2, m * n);
  const a = alloc(av, ta ? [k, m] : [m, k], 'a');
  const b = alloc(bv, tb ? [n, k] : [k, n], 'b');
  const out = alloc(ov, [m, n], 'out');
  backend.matmul(out, a, b, options);
  const got = backend.read(out);
  const operandsKept = backend.read(a).every((v, i) => v === av[i]) && backend.read(b).every((v, i) => v === bv[i]);
  for (const t of [a, b, out]) backend.dispose(t);
  let worst = 0;
  let where = '';
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let magnitude = 0;
      for (let p = 0; p < k; p++) {
        const x = av[ta ? p * m + i : i * k + p]!;
        const y = bv[tb ? j * k + p : p * n + j]!;
        sum += x * y;
        magnitude += Math.abs(x * y);
      }
      const old = beta === 0 ? 0 : beta * ov[i * n + j]!;
      const expected = alpha * sum + old;
      const tolerance = 1e-6 * (Math.abs(alpha) * magnitude + Math.abs(old)) + 1e-7;
      const error = Math.abs(got[i * n + j]! - expected) / tolerance;
      if (!(error <= worst)) {
        worst = Number.isNaN(error) ? Infinity : error;
        where = `out[${i}, ${j}] = ${got[i * n + j]}, expected ${expected}`;
      }
    }
  }
  return { worst, where, operandsKept };
}
