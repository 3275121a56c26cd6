import { chain } from './chain';
import type { OptimizerDefinition } from './defineOptimizer';
import { maximize } from './transforms/maximize';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { scaleByRadam } from './transforms/scaleByRadam';
import { addL2 } from './transforms/weightDecay';
import { createWithDecoupled, decoupledVariant } from './engine/decoupled';
import type { DecoupledWeightDecayOption } from './engine/decoupled';
import type { MomentHyperparameters, Optimizer, OptionsOf, Params } from './types';

/** RAdam's hyperparameters (torch.optim.RAdam, camelCase). */
export type RadamHyperparameters = MomentHyperparameters;

/** Options of {@link radam}. */
export type RadamOptions = OptionsOf<RadamHyperparameters> & DecoupledWeightDecayOption;

/**
 * torch 1.13 `_single_tensor_radam` (Liu et al., 2020):
 *   m, v as Adam;  rho_inf = 2 / (1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
 *   rho_t > 5: r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t)),
 *              theta <- theta - lr r m_hat sqrt(1 - beta2^t) / (sqrt(v) + eps)
 *   else:      theta <- theta - lr m_hat       (m_hat = m / (1 - beta1^t))
 */
export const radamDefinition: OptimizerDefinition = {
  name: 'radam',
  title: 'RAdam',
  options: ['lr', 'betas', 'eps', 'weightDecay', 'maximize'],
  transform: () => chain(maximize(), addL2(), scaleByRadam(), scaleByLearningRate(1e-3)),
};

/** RAdam with `decoupledWeightDecay: true` (torch >= 2.1). */
export const radamDecoupledDefinition: OptimizerDefinition = /* @__PURE__ */ decoupledVariant(radamDefinition, () => scaleByRadam(), 1e-3);

/**
 * RAdam (Liu et al., 2020): Adam with a rectified adaptive learning rate, torch numerics.
 *
 * Options (torch defaults): `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0,
 * `maximize` false, `decoupledWeightDecay` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = radam({ w }, { lr: 1e-3 });
 */
export function radam(params: Params, options: RadamOptions = {}): Optimizer {
  return createWithDecoupled(radamDefinition, radamDecoupledDefinition, params, options);
}
