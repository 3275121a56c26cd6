import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { sgdKernel } from './fused/sgdKernel';
import { maximize } from './transforms/maximize';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { trace } from './transforms/trace';
import { addL2 } from './transforms/weightDecay';
import type { Hyperparameter, Optimizer, OptionsOf, Params, TorchHyperparameters } from './types';

/** SGD's hyperparameters (torch.optim.SGD, camelCase). */
export interface SgdHyperparameters extends TorchHyperparameters {
  momentum: Hyperparameter;
  dampening: Hyperparameter;
  nesterov: boolean;
}

/** Options of {@link sgd}. */
export type SgdOptions = OptionsOf<SgdHyperparameters>;

/**
 * torch.optim.SGD (1.13, `_single_tensor_sgd`):
 *   g <- ±grad + weightDecay * theta
 *   b <- g on the first step, else momentum * b + (1 - dampening) * g
 *   d <- nesterov ? g + momentum * b : b      (d = g when momentum = 0)
 *   theta <- theta - lr * d
 * The lecture's momentum, v <- mu v - lr g; theta <- theta + v, is the same trajectory
 * with v = -lr b while lr is constant; when lr changes they differ (torch applies the new
 * lr to the whole buffer, the lecture only to the new gradient). See lectureForms.test.ts.
 */
export const sgdDefinition: OptimizerDefinition = {
  name: 'sgd',
  title: 'SGD',
  options: ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'maximize'],
  transform: () => chain(maximize(), addL2(), trace(), scaleByLearningRate(1e-3)),
  kernels: [sgdKernel],
};

/**
 * Stochastic gradient descent, with optional momentum, Nesterov momentum, dampening and
 * L2 weight decay; torch.optim.SGD's numerics.
 *
 * Options (torch defaults): `lr` 1e-3 (torch 1.13 has no default; 2.x uses 1e-3),
 * `momentum` 0, `dampening` 0, `weightDecay` 0, `nesterov` false, `maximize` false, plus
 * the {@link CommonOptions}. Numbers may be schedules `(step) => number`.
 *
 * @example
 * const optimizer = sgd({ w, b }, { lr: 0.01, momentum: 0.9 });
 * optimizer.step({ w: gradW, b: gradB });
 */
export function sgd(params: Params, options: SgdOptions = {}): Optimizer {
  return createFromDefinition(sgdDefinition, params, options);
}
