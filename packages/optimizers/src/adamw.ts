import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { adamKernel } from './fused/adamKernel';
import { maximize } from './transforms/maximize';
import { scaleByAdam } from './transforms/scaleByAdam';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { addDecayedWeights } from './transforms/weightDecay';
import type { AdamOptions } from './adam';
import type { Optimizer, Params } from './types';

/**
 * torch 1.13 `_single_tensor_adam` with decoupled decay (AdamW): theta <- theta * (1 - lr * weightDecay)
 * first, then the Adam step.
 */
export const adamwDefinition: OptimizerDefinition = {
  name: 'adamw',
  title: 'AdamW',
  options: ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize', 'epsPlacement'],
  transform: () => chain(maximize(), scaleByAdam(), addDecayedWeights(1e-2), scaleByLearningRate(1e-3)),
  kernels: [adamKernel],
};

/**
 * AdamW (Loshchilov & Hutter, 2019) with torch.optim.AdamW's numerics: Adam, but weight
 * decay is decoupled, theta <- theta * (1 - lr * weightDecay), before the Adam update.
 *
 * Options (torch defaults): `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay`
 * 1e-2, `amsgrad` false, `maximize` false, `epsPlacement` 'torch', plus the
 * {@link CommonOptions}.
 *
 * @example
 * // the usual recipe: no weight decay on biases
 * const optimizer = adamw(params, { lr: 1e-3, groups: [{ params: /bias$/, weightDecay: 0 }] });
 */
export function adamw(params: Params, options: AdamOptions = {}): Optimizer {
  return createFromDefinition(adamwDefinition, params, options);
}
