import { betasSpec, epsSpec } from '../specs';
import { given } from './given';
import { updateMoments } from './moments';
import type { GivenOptions } from '../optionSpec';
import type { Transform } from '../transform';

/** The hyperparameters of {@link scaleByRadam}. */
export interface ScaleByRadamHyperparameters {
  betas: readonly [number, number];
  eps: number;
}

/**
 * RAdam's rectified scaling (Liu et al., 2020), torch 1.13 `_single_tensor_radam` without
 * lr and decay:
 *   m, v as Adam;  rho_inf = 2 / (1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
 *   rho_t > 5: r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t)),
 *              update <- r m_hat sqrt(1 - beta2^t) / (sqrt(v) + eps)
 *   else:      update <- m_hat       (m_hat = m / (1 - beta1^t))
 * Buffers `expAvg`, `expAvgSq`.
 *
 * Options: `betas` [0.9, 0.999], `eps` 1e-8.
 *
 * @example
 * const radamLike = chain(scaleByRadam(), scaleByLearningRate(1e-3));
 */
export function scaleByRadam(options?: GivenOptions<ScaleByRadamHyperparameters>): Transform<ScaleByRadamHyperparameters> {
  return {
    name: 'scaleByRadam',
    specs: { betas: betasSpec([0.9, 0.999]), eps: epsSpec(1e-8) },
    values: given(options),
    buffers: ['expAvg', 'expAvgSq'],
    required: () => ['expAvg', 'expAvgSq'],
    update({ backend, params }) {
      for (const p of params) {
        const { h, step } = p;
        const { m, v, beta1, beta2 } = updateMoments(backend, p);
        const bias1 = 1 - beta1 ** step;
        const bias2 = 1 - beta2 ** step;
        const rhoInf = 2 / (1 - beta2) - 1;
        const rhoT = rhoInf - (2 * step * beta2 ** step) / bias2;
        if (rhoT > 5) {
          const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
          const d = p.temp(0);
          backend.copy(d, v);
          backend.sqrt(d);
          backend.addScalar(d, h.eps);
          p.replace(m, (rect * Math.sqrt(bias2)) / bias1, d);
        } else {
          p.replace(m, 1 / bias1);
        }
      }
    },
  };
}
