import { gemmJs } from './gemmJs';

/**
 * c <- alpha op(a) op(b) + beta c for row-major float32 matrices: `a` is `[m, k]` (or
 * `[k, m]` when `transposeA`), `b` is `[k, n]` (or `[n, k]`), `c` is `[m, n]`.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  transposeA: boolean,
  b: Float32Array,
  transposeB: boolean,
  c: Float32Array,
  alpha: number,
  beta: number,
): void {
  const [rsA, csA] = transposeA ? [1, m] : [k, 1];
  const [rsB, csB] = transposeB ? [1, k] : [n, 1];
  gemmJs(m, n, k, a, rsA, csA, b, rsB, csB, c, alpha, beta);
}
