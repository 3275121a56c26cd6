import { ComputeArena, computeArenaOf } from './arena';
import { gemmFeatures } from './features';
import { gemmJs } from './gemmJs';

/** Below this many multiply-adds, copying operands into WebAssembly memory costs more than it saves. */
const STAGE_MIN_WORK = 4096;

let simd: boolean | undefined;
let staging: ComputeArena | null = null;

/** A single-threaded arena of at least `bytes`, for operands that live outside any arena (null without SIMD). */
function stagingArena(bytes: number): ComputeArena | null {
  simd ??= gemmFeatures().simd;
  if (!simd) return null;
  if (staging === null || staging.capacity < bytes) {
    staging = new ComputeArena({ bytes: Math.max(bytes, 2 * (staging?.capacity ?? 0), 1 << 20) });
  }
  return staging;
}

/**
 * c <- alpha op(a) op(b) + beta c for row-major float32 matrices: `a` is `[m, k]` (or
 * `[k, m]` when `transposeA`), `b` is `[k, n]` (or `[n, k]`), `c` is `[m, n]`. In place
 * (threaded) when all three live in one {@link ComputeArena}; else copied through a staging
 * arena for products big enough to gain; else (no SIMD, or tiny) in JavaScript.
 */
export function gemm(m: number, n: number, k: number, a: Float32Array, transposeA: boolean, b: Float32Array, transposeB: boolean, c: Float32Array, alpha: number, beta: number): void {
  const arena = computeArenaOf(c);
  if (arena !== undefined && arena.holds(a) && arena.holds(b)) {
    arena.gemm(m, n, k, a, transposeA, b, transposeB, c, alpha, beta);
    return;
  }
  const stage = m * n * k >= STAGE_MIN_WORK ? stagingArena(4 * (m * k + k * n + m * n) + 3 * 64) : null;
  if (stage !== null) {
    stage.reset();
    const sa = stage.zeros([m * k]).data;
    const sb = stage.zeros([k * n]).data;
    const sc = stage.zeros([m * n]).data;
    sa.set(a);
    sb.set(b);
    if (beta !== 0) sc.set(c);
    stage.gemm(m, n, k, sa, transposeA, sb, transposeB, sc, alpha, beta);
    c.set(sc);
    return;
  }
  const [rsA, csA] = transposeA ? [1, m] : [k, 1];
  const [rsB, csB] = transposeB ? [1, k] : [n, 1];
  gemmJs(m, n, k, a, rsA, csA, b, rsB, csB, c, alpha, beta);
}
