import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { maximize } from './transforms/maximize';
import { scaleByAdadelta } from './transforms/scaleByAdadelta';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { addL2 } from './transforms/weightDecay';
import type { Hyperparameter, Optimizer, OptionsOf, Params, TorchHyperparameters } from './types';

/** Adadelta's hyperparameters (torch.optim.Adadelta, camelCase). */
export interface AdadeltaHyperparameters extends TorchHyperparameters {
  rho: Hyperparameter;
  eps: Hyperparameter;
}

/** Options of {@link adadelta}. */
export type AdadeltaOptions = OptionsOf<AdadeltaHyperparameters>;

/**
 * torch 1.13 `_single_tensor_adadelta` (Zeiler, 2012):
 *   g <- ±grad + weightDecay * theta;  c <- rho c + (1 - rho) g^2
 *   delta <- sqrt(a + eps) / sqrt(c + eps) * g;  a <- rho a + (1 - rho) delta^2
 *   theta <- theta - lr delta
 */
export const adadeltaDefinition: OptimizerDefinition = {
  name: 'adadelta',
  title: 'Adadelta',
  options: ['lr', 'rho', 'eps', 'weightDecay', 'maximize'],
  transform: () => chain(maximize(), addL2(), scaleByAdadelta(), scaleByLearningRate(1)),
};

/**
 * Adadelta (Zeiler, 2012) with torch.optim.Adadelta's numerics.
 *
 * Options (torch defaults): `lr` 1.0, `rho` 0.9, `eps` 1e-6, `weightDecay` 0,
 * `maximize` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = adadelta({ w });
 */
export function adadelta(params: Params, options: AdadeltaOptions = {}): Optimizer {
  return createFromDefinition(adadeltaDefinition, params, options);
}
