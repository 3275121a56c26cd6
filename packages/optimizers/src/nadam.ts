import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { maximize } from './transforms/maximize';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { scaleByNadam } from './transforms/scaleByNadam';
import { addL2 } from './transforms/weightDecay';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** NAdam's hyperparameters (torch.optim.NAdam, camelCase). */
export interface NadamHyperparameters {
  lr: Hyperparameter;
  betas: readonly [Hyperparameter, Hyperparameter];
  eps: Hyperparameter;
  weightDecay: Hyperparameter;
  momentumDecay: Hyperparameter;
  maximize: boolean;
}

/** Options of {@link nadam}. */
export type NadamOptions = Partial<NadamHyperparameters> & CommonOptions<NadamHyperparameters>;

/**
 * torch 1.13 `_single_tensor_nadam` (Dozat, 2016):
 *   mu_t <- beta1 (1 - 0.5 * 0.96^(t * momentumDecay)), P_t <- P_{t-1} mu_t (kept per parameter)
 *   m, v as Adam;  d <- sqrt(v / (1 - beta2^t)) + eps
 *   theta <- theta - lr (1 - mu_t) / (1 - P_t) * g / d - lr mu_{t+1} / (1 - P_t mu_{t+1}^2) * m / d
 * The m-term's denominator, 1 - P_t mu_{t+1}^2, is what PyTorch 1.13 computes: it was fitted
 * to the 1.13 vectors of fixtures/optimizers.json (residual 1e-13 over every step). The
 * paper and later torch sources read 1 - P_t mu_{t+1}; with the default betas the 1.13 momentum
 * term is 12% smaller at step 1, 5% at step 2, and the two converge as P_t -> 0.
 */
export const nadamDefinition: OptimizerDefinition = {
  name: 'nadam',
  title: 'NAdam',
  options: ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay', 'maximize'],
  transform: () => chain(maximize(), addL2(), scaleByNadam(), scaleByLearningRate(2e-3)),
};

/**
 * NAdam (Dozat, 2016): Adam with Nesterov momentum, torch.optim.NAdam's numerics.
 *
 * Options (torch defaults): `lr` 2e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0,
 * `momentumDecay` 4e-3, `maximize` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = nadam({ w }, { lr: 2e-3 });
 */
export function nadam(params: Params, options: NadamOptions = {}): Optimizer {
  return createFromDefinition(nadamDefinition, params, options);
}
