import type { FusedContext, FusedKernel } from '../transform';
import { momentKernel } from './hostKernels';
import type { DecayHyperparameters } from './hostKernels';
import { simdAdam } from './wasmKernels';

/** What the fused Adam loop reads. */
interface AdamLoopHyperparameters extends DecayHyperparameters {
  betas: readonly [number, number];
  eps: number;
  amsgrad: boolean;
  epsPlacement: 'torch' | 'lecture';
}

/**
 * Adam and AdamW as one loop per parameter over the Float32Arrays (7 arrays of 4 bytes
 * per element: theta, m, v read and written, the gradient read): the chain
 * `[maximize] [addL2] scaleByAdam [addDecayedWeights] scaleByLearningRate`, after any
 * `clipByGlobalNorm`. The common case (no amsgrad, torch eps) has a loop with no branch,
 * and its multiple-of-4 prefix runs as WebAssembly SIMD (in place in a WasmArena, else
 * staged).
 *
 * @example
 * const optimizer = fromTransform(chain(scaleByAdam(), scaleByLearningRate(1e-3)), { w }, { kernels: [adamKernel] });
 */
export const adamKernel: FusedKernel = /* @__PURE__ */ momentKernel('adam', 'scaleByAdam', adamLoop);

function adamLoop({ param: p, grad, h, step, buffer, simd }: FusedContext<AdamLoopHyperparameters>, s: number, decay: number, l2: number): void {
  const { lr, eps } = h;
  const [beta1, beta2] = h.betas;
  const m = buffer('expAvg');
  const v = buffer('expAvgSq');
  const bias1 = 1 - beta1 ** step;
  const bias2 = 1 - beta2 ** step;
  const stepSize = lr / bias1;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const n = p.length;
  if (!h.amsgrad && h.epsPlacement !== 'lecture') {
    const inv = 1 / Math.sqrt(bias2);
    // The SIMD kernel does the multiple-of-4 prefix (in place in a WasmArena, else staged).
    const n4 = n - (n % 4);
    const start = simd && simdAdam(p, m, v, grad, n4, s, decay, l2, c1, beta2, c2, stepSize, inv, eps) ? n4 : 0;
    for (let i = start; i < n; i++) {
      const pi = p[i]! * decay;
      const gi = s * grad[i]! + l2 * pi;
      const mi = m[i]!;
      const mn = mi + c1 * (gi - mi);
      const vn = beta2 * v[i]! + c2 * gi * gi;
      m[i] = mn;
      v[i] = vn;
      p[i] = pi - (stepSize * mn) / (Math.sqrt(vn) * inv + eps);
    }
    return;
  }
  const vmax = h.amsgrad ? buffer('maxExpAvgSq') : null;
  const lecture = h.epsPlacement === 'lecture';
  for (let i = 0; i < n; i++) {
    const pi = p[i]! * decay;
    const gi = s * grad[i]! + l2 * pi;
    const mi = m[i]!;
    const mn = mi + c1 * (gi - mi);
    let vn = beta2 * v[i]! + c2 * gi * gi;
    m[i] = mn;
    v[i] = vn;
    if (vmax !== null) {
      vn = Math.max(vmax[i]!, Math.fround(vn));
      vmax[i] = vn;
    }
    const denom = lecture ? Math.sqrt(vn / bias2 + eps) : Math.sqrt(vn) / Math.sqrt(bias2) + eps;
    p[i] = pi - (stepSize * mn) / denom;
  }
}
