import { betasSpec, epsSpec } from '../specs';
import { given } from './given';
import type { GivenOptions } from '../optionSpec';
import type { Transform } from '../transform';

/** The hyperparameters of {@link scaleByAdamax}. */
export interface ScaleByAdamaxHyperparameters {
  betas: readonly [number, number];
  eps: number;
}

/**
 * Adamax's scaling (Kingma & Ba, 2015, section 7.1), torch 1.13 `_single_tensor_adamax`
 * without lr and decay:
 *   m <- beta1 m + (1 - beta1) g;  u <- max(beta2 u, |g| + eps);  update <- m / ((1 - beta1^t) u)
 * Buffers `expAvg`, `expInf`.
 *
 * Options: `betas` [0.9, 0.999], `eps` 1e-8.
 *
 * @example
 * const adamaxLike = chain(scaleByAdamax(), scaleByLearningRate(2e-3));
 */
export function scaleByAdamax(options?: GivenOptions<ScaleByAdamaxHyperparameters>): Transform<ScaleByAdamaxHyperparameters> {
  return {
    name: 'scaleByAdamax',
    specs: { betas: betasSpec([0.9, 0.999]), eps: epsSpec(1e-8) },
    values: given(options),
    buffers: ['expAvg', 'expInf'],
    required: () => ['expAvg', 'expInf'],
    update({ backend, params }) {
      for (const p of params) {
        const [beta1, beta2] = p.h.betas;
        const g = p.read();
        const m = p.buffer('expAvg');
        const u = p.buffer('expInf');
        backend.lerp(m, g, 1 - beta1);
        backend.scale(u, beta2);
        const a = p.temp(0);
        backend.copy(a, g);
        backend.abs(a);
        backend.addScalar(a, p.h.eps);
        backend.maximum(u, a);
        p.replace(m, 1 / (1 - beta1 ** p.step), u);
      }
    },
  };
}
