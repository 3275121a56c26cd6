import type { FusedContext, FusedKernel } from '../transform';
import type { NadamTorchVersion } from '../transforms/scaleByNadam';
import { momentKernel } from './hostKernels';
import type { DecayHyperparameters } from './hostKernels';

/** What the fused NAdam loop reads. */
interface NadamLoopHyperparameters extends DecayHyperparameters {
  betas: readonly [number, number];
  eps: number;
  momentumDecay: number;
  torchVersion: NadamTorchVersion;
}

/**
 * NAdam (torch >= 2.0's rule, or 1.13's) as one loop per parameter over the Float32Arrays:
 * the chain `[maximize] [addL2] scaleByNadam [addDecayedWeights] scaleByLearningRate`, after
 * any `clipByGlobalNorm`, with the momentum schedule's product `muProduct` kept per
 * parameter as the general path keeps it. Measured faster than the general path on the cpu
 * backend (`pnpm bench:modern` in this package prints the figures).
 *
 * @example
 * const optimizer = fromTransform(chain(scaleByNadam(), scaleByLearningRate(2e-3)), { w }, { kernels: [nadamKernel] });
 */
export const nadamKernel: FusedKernel = /* @__PURE__ */ momentKernel('nadam', 'scaleByNadam', nadamLoop);

function nadamLoop({ param: p, grad, h, step, buffer, scalars }: FusedContext<NadamLoopHyperparameters>, s: number, decay: number, l2: number): void {
  const { lr, eps } = h;
  const [beta1, beta2] = h.betas;
  const psi = h.momentumDecay;
  // The momentum schedule, exactly as scaleByNadam computes it.
  const mu = beta1 * (1 - 0.5 * 0.96 ** (step * psi));
  const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * psi));
  const muProduct = (scalars.muProduct ?? 1) * mu;
  scalars.muProduct = muProduct;
  const muProductNext = h.torchVersion === '1.13' ? muProduct * mu * muNext : muProduct * muNext;
  const cg = (lr * (1 - mu)) / (1 - muProduct);
  const cm = (lr * muNext) / (1 - muProductNext);
  const inv = 1 / (1 - beta2 ** step);
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const m = buffer('expAvg');
  const v = buffer('expAvgSq');
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const gi = s * grad[i]! + l2 * pi;
    const mi = m[i]!;
    const mn = mi + c1 * (gi - mi);
    const vn = beta2 * v[i]! + c2 * gi * gi;
    m[i] = mn;
    v[i] = vn;
    p[i] = pi * decay - (cg * gi + cm * mn) / (Math.sqrt(vn * inv) + eps);
  }
}
