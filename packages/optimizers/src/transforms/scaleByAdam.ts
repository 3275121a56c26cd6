import { amsgradSpec, betasSpec, epsPlacementSpec, epsSpec } from '../specs';
import type { EpsPlacement } from '../specs';
import { given } from './given';
import { updateMoments } from './moments';
import type { GivenOptions } from '../optionSpec';
import type { Transform } from '../transform';

/** The hyperparameters of {@link scaleByAdam}. */
export interface ScaleByAdamHyperparameters {
  betas: readonly [number, number];
  eps: number;
  amsgrad: boolean;
  epsPlacement: EpsPlacement;
}

/**
 * Adam's scaling (Kingma & Ba, 2015), torch 1.13 `_single_tensor_adam` without lr and decay:
 *   m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2   (vmax <- max(vmax, v) with amsgrad)
 *   update <- (m / (1 - beta1^t)) / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * (`epsPlacement: 'lecture'` divides by sqrt(v_hat + eps) instead). Buffers `expAvg`,
 * `expAvgSq`, `maxExpAvgSq`.
 *
 * Options: `betas` [0.9, 0.999], `eps` 1e-8, `amsgrad` false, `epsPlacement` 'torch'.
 *
 * @example
 * const adamLike = chain(scaleByAdam({ betas: [0.9, 0.99] }), scaleByLearningRate(1e-3));
 */
export function scaleByAdam(options?: GivenOptions<ScaleByAdamHyperparameters>): Transform<ScaleByAdamHyperparameters> {
  return {
    name: 'scaleByAdam',
    specs: { betas: betasSpec([0.9, 0.999]), eps: epsSpec(1e-8), amsgrad: amsgradSpec, epsPlacement: epsPlacementSpec },
    values: given(options),
    buffers: ['expAvg', 'expAvgSq', 'maxExpAvgSq'],
    required: (h) => (h.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq']),
    update({ backend, params }) {
      for (const p of params) {
        const { h, step } = p;
        const { m, v, beta1, beta2 } = updateMoments(backend, p);
        let second = v;
        if (h.amsgrad) {
          second = p.buffer('maxExpAvgSq');
          backend.maximum(second, v);
        }
        const bias1 = 1 - beta1 ** step;
        const bias2 = 1 - beta2 ** step;
        const denom = p.temp(0);
        backend.copy(denom, second);
        if (h.epsPlacement === 'lecture') {
          backend.scale(denom, 1 / bias2);
          backend.addScalar(denom, h.eps);
          backend.sqrt(denom);
        } else {
          backend.sqrt(denom);
          backend.scale(denom, 1 / Math.sqrt(bias2));
          backend.addScalar(denom, h.eps);
        }
        p.replace(m, 1 / bias1, denom);
      }
    },
  };
}
