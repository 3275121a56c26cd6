/**
 * The plain JavaScript product, used where WebAssembly SIMD is unavailable and for small
 * products where calling into WebAssembly costs more than it saves:
 * `c <- alpha op(a) op(b) + beta c`, with `op(a)[i, p] = a[i * rsA + p * csA]` and
 * `op(b)[p, j] = b[p * rsB + j * csB]` (strides in elements; a transpose swaps them), `c`
 * row-major `[m, n]`. Sums accumulate in float64 (JavaScript numbers) and round once.
 */
export function gemmJs(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  rsA: number,
  csA: number,
  b: Float32Array,
  rsB: number,
  csB: number,
  c: Float32Array,
  alpha: number,
  beta: number,
): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    const ai = i * rsA;
    // i-p-j order: the inner loop runs along a row of op(b), contiguous when b is not transposed.
    for (let p = 0; p < k; p++) {
      const v = a[ai + p * csA]!;
      const bp = p * rsB;
      for (let j = 0; j < n; j++) row[j]! += v * b[bp + j * csB]!;
    }
    const ci = i * n;
    if (beta === 0) {
      for (let j = 0; j < n; j++) c[ci + j] = alpha * row[j]!;
    } else {
      for (let j = 0; j < n; j++) c[ci + j] = alpha * row[j]! + beta * c[ci + j]!;
    }
  }
}
