import { createRuleOptimizer } from './optimizer';
import type { Rule } from './rule';
import { betas, betasSpec, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './specs';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** RAdam's hyperparameters (torch.optim.RAdam, camelCase). */
export interface RadamHyperparameters {
  lr: Hyperparameter;
  betas: readonly [Hyperparameter, Hyperparameter];
  eps: Hyperparameter;
  weightDecay: Hyperparameter;
  maximize: boolean;
}

/** Options of {@link radam}. */
export type RadamOptions = Partial<RadamHyperparameters> & CommonOptions<RadamHyperparameters>;

/**
 * torch 1.13 `_single_tensor_radam` (Liu et al., 2020):
 *   m, v as Adam;  rho_inf = 2 / (1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
 *   rho_t > 5: r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t)),
 *              theta <- theta - lr r m_hat sqrt(1 - beta2^t) / (sqrt(v) + eps)
 *   else:      theta <- theta - lr m_hat       (m_hat = m / (1 - beta1^t))
 */
export const radamRule: Rule = {
  name: 'radam',
  specs: [lrSpec(1e-3), betasSpec([0.9, 0.999]), epsSpec(1e-8), weightDecaySpec(0), maximizeSpec],
  buffers: ['expAvg', 'expAvgSq'],
  update({ backend, param, grad: g, h, step, buffer, temp }) {
    const [beta1, beta2] = betas(h);
    const weightDecay = h.weightDecay as number;
    const lr = h.lr as number;
    if (h.maximize === true) backend.scale(g, -1);
    if (weightDecay !== 0) backend.add(g, param, weightDecay);
    const m = buffer('expAvg');
    const v = buffer('expAvgSq');
    backend.lerp(m, g, 1 - beta1);
    backend.scale(v, beta2);
    backend.addcmul(v, g, g, 1 - beta2);
    const bias1 = 1 - beta1 ** step;
    const bias2 = 1 - beta2 ** step;
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * step * beta2 ** step) / bias2;
    if (rhoT > 5) {
      const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      const d = temp(0);
      backend.copy(d, v);
      backend.sqrt(d);
      backend.addScalar(d, h.eps as number);
      backend.addcdiv(param, m, d, (-lr * rect * Math.sqrt(bias2)) / bias1);
    } else {
      backend.add(param, m, -lr / bias1);
    }
  },
};

/**
 * RAdam (Liu et al., 2020): Adam with a rectified adaptive learning rate, torch numerics.
 *
 * Options (torch defaults): `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0,
 * `maximize` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = radam({ w }, { lr: 1e-3 });
 */
export function radam(params: Params, options: RadamOptions = {}): Optimizer {
  return createRuleOptimizer(radamRule, params, options);
}
