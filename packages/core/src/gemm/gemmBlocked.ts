/** The exports of a GEMM module (see gemm.wat). Pointers and strides are bytes. */
export interface GemmExports {
  packA(src: number, rs: number, cs: number, mc: number, kc: number, dst: number): void;
  packB(src: number, rs: number, cs: number, kc: number, nc: number, dst: number): void;
  macro(mc: number, nc: number, kc: number, ap: number, bp: number, c: number, ldc: number, alpha: number, beta: number, tmp: number): void;
  biasAct(z: number, bias: number, rows: number, cols: number, relu: number): void;
  reluBackward(g: number, a: number, count: number): void;
  sumRows(out: number, x: number, rows: number, cols: number): void;
}

/** Rows of op(A) packed per block. */
export const MC = 128;
/** Depth (k) packed per block: one strip of A (4 KC floats) and one panel of B (8 KC) stay in L1. */
export const KC = 256;
/** Columns of op(B) packed per block: a packed block of B (KC NC floats, 256 KiB) stays in L2. */
export const NC = 256;
/** Bytes of scratch one thread needs: packed A, packed B, one ragged tile. */
export const SCRATCH_BYTES = (MC * KC + KC * NC + 32) * 4;

/**
 * C <- alpha op(A) op(B) + beta C on one thread, GotoBLAS's loop nest over blocks of
 * NC columns, KC depth, MC rows: pack a block of op(B), then for each block of op(A) pack it
 * and run the macro-kernel. op(A)[i, p] is at a + i rsA + p csA, op(B)[p, j] at
 * b + p rsB + j csB, C[i, j] at c + i ldc + 4 j (all bytes); k >= 1. `scratch` is
 * {@link SCRATCH_BYTES} of this thread's own memory.
 *
 * Self-contained on purpose (no reference outside its body, constants inlined): the worker
 * threads run it from its source text.
 */
export function gemmBlocked(
  e: GemmExports,
  m: number,
  n: number,
  k: number,
  a: number,
  rsA: number,
  csA: number,
  b: number,
  rsB: number,
  csB: number,
  c: number,
  ldc: number,
  alpha: number,
  beta: number,
  scratch: number,
): void {
  const mcMax = 128;
  const kcMax = 256;
  const ncMax = 256;
  const packedA = scratch;
  const packedB = scratch + mcMax * kcMax * 4;
  const tmp = packedB + kcMax * ncMax * 4;
  for (let jc = 0; jc < n; jc += ncMax) {
    const nc = Math.min(ncMax, n - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = Math.min(kcMax, k - pc);
      e.packB(b + pc * rsB + jc * csB, rsB, csB, kc, nc, packedB);
      // Later blocks of depth add to what the first wrote.
      const scale = pc === 0 ? beta : 1;
      for (let ic = 0; ic < m; ic += mcMax) {
        const mc = Math.min(mcMax, m - ic);
        e.packA(a + ic * rsA + pc * csA, rsA, csA, mc, kc, packedA);
        e.macro(mc, nc, kc, packedA, packedB, c + ic * ldc + jc * 4, ldc, alpha, scale, tmp);
      }
    }
  }
}
