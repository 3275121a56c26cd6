import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { maximize } from './transforms/maximize';
import { scaleByAdamax } from './transforms/scaleByAdamax';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { addL2 } from './transforms/weightDecay';
import type { MomentHyperparameters, Optimizer, OptionsOf, Params } from './types';

/** Adamax's hyperparameters (torch.optim.Adamax, camelCase). */
export type AdamaxHyperparameters = MomentHyperparameters;

/** Options of {@link adamax}. */
export type AdamaxOptions = OptionsOf<AdamaxHyperparameters>;

/**
 * torch 1.13 `_single_tensor_adamax`:
 *   g <- ±grad + weightDecay * theta;  m <- beta1 m + (1 - beta1) g
 *   u <- max(beta2 u, |g| + eps);  theta <- theta - (lr / (1 - beta1^t)) m / u
 */
export const adamaxDefinition: OptimizerDefinition = {
  name: 'adamax',
  title: 'Adamax',
  options: ['lr', 'betas', 'eps', 'weightDecay', 'maximize'],
  transform: () => chain(maximize(), addL2(), scaleByAdamax(), scaleByLearningRate(2e-3)),
};

/**
 * Adamax (Kingma & Ba, 2015, section 7.1): Adam with the infinity norm, torch numerics.
 *
 * Options (torch defaults): `lr` 2e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0,
 * `maximize` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = adamax({ w }, { lr: 2e-3 });
 */
export function adamax(params: Params, options: AdamaxOptions = {}): Optimizer {
  return createFromDefinition(adamaxDefinition, params, options);
}
