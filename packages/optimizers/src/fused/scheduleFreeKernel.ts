import type { FusedContext, FusedKernel } from '../transform';
import { allFiniteHost, allocateBeside, matchParts } from './hostKernels';

/** What the fused schedule-free AdamW loop reads. */
interface ScheduleFreeAdamWLoopHyperparameters {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  warmupSteps: number;
  r: number;
  weightLrPower: number;
}

/**
 * Schedule-free AdamW's training step as one loop per parameter over the Float32Arrays:
 * the chain `scheduleFreeAdamW`, after any `clipByGlobalNorm`, with the averaging weight's
 * scalars (`lrMax`, `weightSum`) kept per parameter as the general path keeps them
 * (`train()` / `eval()` stay the transform's own). Measured faster than the general path on
 * the cpu backend (`pnpm bench:modern` in this package prints the figures).
 *
 * @example
 * const optimizer = fromTransform(chain(scheduleFreeAdamW()), { w }, { kernels: [scheduleFreeAdamWKernel] });
 */
export const scheduleFreeAdamWKernel: FusedKernel = {
  name: 'scheduleFreeAdamW',
  match(parts) {
    const found = matchParts(parts, ['scheduleFreeAdamW']);
    return found === undefined ? undefined : { prefix: found.prefix, run: (ctx) => scheduleFreeAdamWLoop(ctx as unknown as FusedContext<ScheduleFreeAdamWLoopHyperparameters>) };
  },
  allocate: allocateBeside,
  allFinite: allFiniteHost,
};

function scheduleFreeAdamWLoop({ param: p, grad, gradScale: s, h, step, buffer, has, scalars }: FusedContext<ScheduleFreeAdamWLoopHyperparameters>): void {
  const [beta1, beta2] = h.betas;
  // The warmed-up lr and the averaging weight c, exactly as the general path computes them.
  const lr = step - 1 < h.warmupSteps ? (h.lr * step) / h.warmupSteps : h.lr;
  const lrMax = Math.max(lr, scalars.lrMax ?? -1);
  scalars.lrMax = lrMax;
  const weight = step ** h.r * lrMax ** h.weightLrPower;
  const weightSum = (scalars.weightSum ?? 0) + weight;
  scalars.weightSum = weightSum;
  const c = weightSum === 0 ? 0 : weight / weightSum;
  const fresh = !has('z');
  const z = buffer('z');
  if (fresh) z.set(p);
  const v = buffer('expAvgSq');
  const inv = 1 / (1 - beta2 ** step);
  const c2 = 1 - beta2;
  const wd = h.weightDecay;
  const yScale = lr * (beta1 * (1 - c) - 1);
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = s * grad[i]!;
    const vn = beta2 * v[i]! + c2 * gi * gi;
    v[i] = vn;
    const y = p[i]!;
    const u = gi / (Math.sqrt(vn * inv) + h.eps) + wd * y;
    const zi = z[i]!;
    p[i] = y + c * (zi - y) + yScale * u;
    z[i] = zi - lr * u;
  }
}
