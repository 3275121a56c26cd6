import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { maximize } from './transforms/maximize';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { scaleByRss } from './transforms/scaleByRss';
import { addL2 } from './transforms/weightDecay';
import type { Hyperparameter, Optimizer, OptionsOf, Params, TorchHyperparameters } from './types';

/** Adagrad's hyperparameters (torch.optim.Adagrad, camelCase). */
export interface AdagradHyperparameters extends TorchHyperparameters {
  lrDecay: Hyperparameter;
  /** Starting value of the sum of squares; read once, not a schedule. */
  initialAccumulatorValue: number;
  eps: Hyperparameter;
  epsPlacement: 'torch' | 'lecture';
}

/** Options of {@link adagrad}. */
export type AdagradOptions = OptionsOf<AdagradHyperparameters>;

/**
 * torch 1.13 `_single_tensor_adagrad`:
 *   g <- ±grad + weightDecay * theta;  clr <- lr / (1 + (t - 1) lrDecay)
 *   c <- c + g^2;  theta <- theta - clr * g / (sqrt(c) + eps)
 * The lecture: theta <- theta - lr * g / sqrt(c + eps)  (epsPlacement: 'lecture').
 */
export const adagradDefinition: OptimizerDefinition = {
  name: 'adagrad',
  title: 'Adagrad',
  options: ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps', 'maximize', 'epsPlacement'],
  transform: () => chain(maximize(), addL2(), scaleByRss(), scaleByLearningRate(1e-2)),
};

/**
 * Adagrad (Duchi, Hazan & Singer, 2011) with torch.optim.Adagrad's numerics.
 *
 * Options (torch defaults): `lr` 1e-2, `lrDecay` 0, `weightDecay` 0,
 * `initialAccumulatorValue` 0, `eps` 1e-10, `maximize` false, `epsPlacement` 'torch'
 * ('lecture': sqrt(c + eps)), plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = adagrad({ w }, { lr: 0.05 });
 */
export function adagrad(params: Params, options: AdagradOptions = {}): Optimizer {
  return createFromDefinition(adagradDefinition, params, options);
}
