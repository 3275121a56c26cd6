import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { maximize } from './transforms/maximize';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { scaleByRms } from './transforms/scaleByRms';
import { trace } from './transforms/trace';
import { addL2 } from './transforms/weightDecay';
import type { Hyperparameter, Optimizer, OptionsOf, Params, TorchHyperparameters } from './types';

/** RMSprop's hyperparameters (torch.optim.RMSprop, camelCase). */
export interface RmspropHyperparameters extends TorchHyperparameters {
  alpha: Hyperparameter;
  eps: Hyperparameter;
  momentum: Hyperparameter;
  centered: boolean;
  epsPlacement: 'torch' | 'lecture';
}

/** Options of {@link rmsprop}. */
export type RmspropOptions = OptionsOf<RmspropHyperparameters>;

/**
 * torch 1.13 `_single_tensor_rmsprop`:
 *   g <- ±grad + weightDecay * theta;  c <- alpha c + (1 - alpha) g^2
 *   centered: a <- alpha a + (1 - alpha) g, and c - a^2 replaces c below
 *   d <- sqrt(c) + eps   (lecture: sqrt(c + eps))
 *   momentum > 0: b <- momentum b + g / d; theta <- theta - lr b;  else theta <- theta - lr g / d
 */
export const rmspropDefinition: OptimizerDefinition = {
  name: 'rmsprop',
  title: 'RMSprop',
  options: ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered', 'maximize', 'epsPlacement'],
  transform: () => chain(maximize(), addL2(), scaleByRms(), trace(), scaleByLearningRate(1e-2)),
};

/**
 * RMSprop (Hinton, unpublished) with torch.optim.RMSprop's numerics.
 *
 * Options (torch defaults): `lr` 1e-2, `alpha` 0.99, `eps` 1e-8, `weightDecay` 0,
 * `momentum` 0, `centered` false, `maximize` false, `epsPlacement` 'torch' ('lecture':
 * sqrt(c + eps)), plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = rmsprop({ w }, { lr: 1e-3, alpha: 0.9 });
 */
export function rmsprop(params: Params, options: RmspropOptions = {}): Optimizer {
  return createFromDefinition(rmspropDefinition, params, options);
}
