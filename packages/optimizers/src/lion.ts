import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { maximize } from './transforms/maximize';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { scaleByLion } from './transforms/scaleByLion';
import { scaleBySign } from './transforms/scaleBySign';
import { addDecayedWeights } from './transforms/weightDecay';
import type { Hyperparameter, Optimizer, OptionsOf, Params, TorchHyperparameters } from './types';

/** Lion's hyperparameters (names as in the paper's reference code, camelCase). */
export interface LionHyperparameters extends TorchHyperparameters {
  betas: readonly [Hyperparameter, Hyperparameter];
}

/** Options of {@link lion}. */
export type LionOptions = OptionsOf<LionHyperparameters>;

/**
 * Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2:
 *   c <- beta1 m + (1 - beta1) g
 *   theta <- theta - lr (sign(c) + weightDecay theta)
 *   m <- beta2 m + (1 - beta2) g
 */
export const lionDefinition: OptimizerDefinition = {
  name: 'lion',
  title: 'Lion',
  options: ['lr', 'betas', 'weightDecay', 'maximize'],
  transform: () => chain(maximize(), scaleByLion(), scaleBySign(), addDecayedWeights(0), scaleByLearningRate(1e-4)),
};

/**
 * Lion (EvoLved Sign Momentum, Chen et al. 2023): the sign of an interpolated momentum,
 * decoupled weight decay. Use a 3-10x smaller lr than AdamW and a larger weightDecay.
 *
 * Options (the paper's defaults): `lr` 1e-4, `betas` [0.9, 0.99], `weightDecay` 0,
 * `maximize` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = lion(params, { lr: 3e-5, weightDecay: 0.1 });
 */
export function lion(params: Params, options: LionOptions = {}): Optimizer {
  return createFromDefinition(lionDefinition, params, options);
}
