import { chain } from './chain';
import type { OptimizerDefinition } from './defineOptimizer';
import { adamKernel } from './fused/adamKernel';
import { maximize } from './transforms/maximize';
import { scaleByAdam } from './transforms/scaleByAdam';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { addL2 } from './transforms/weightDecay';
import { createWithDecoupled, decoupledVariant } from './engine/decoupled';
import type { MomentHyperparameters, Optimizer, OptionsOf, Params } from './types';

/** Adam's and AdamW's hyperparameters (torch names, camelCase). */
export interface AdamHyperparameters extends MomentHyperparameters {
  amsgrad: boolean;
  /** `'torch'` (default): sqrt(v_hat) + eps; `'lecture'`: sqrt(v_hat + eps), as in the course notes. */
  epsPlacement: 'torch' | 'lecture';
}

/** Options of {@link adam} and {@link adamw}. */
export type AdamOptions = OptionsOf<AdamHyperparameters> & {
    /**
     * torch >= 2.7's `decoupled_weight_decay` (default false): `weightDecay` multiplies the
     * parameter by (1 - lr * weightDecay) before the step instead of adding an L2 term to
     * the gradient, which makes Adam AdamW (with Adam's default weightDecay 0). Set for the
     * whole optimizer (groups may still change `weightDecay`).
     */
    decoupledWeightDecay?: boolean;
  };

/**
 * torch 1.13 `_single_tensor_adam`: the L2 penalty is added to the gradient first.
 */
export const adamDefinition: OptimizerDefinition = {
  name: 'adam',
  title: 'Adam',
  options: ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize', 'epsPlacement'],
  transform: () => chain(maximize(), addL2(), scaleByAdam(), scaleByLearningRate(1e-3)),
  kernels: [adamKernel],
};

/** Adam with `decoupledWeightDecay: true` (torch >= 2.7): AdamW's chain with Adam's default weightDecay 0. */
export const adamDecoupledDefinition: OptimizerDefinition = /* @__PURE__ */ decoupledVariant(adamDefinition, () => scaleByAdam(), 1e-3);

/**
 * Adam (Kingma & Ba, 2015) with torch.optim.Adam's numerics: bias corrections, eps after
 * the square root, lr outside, L2 weight decay added to the gradient.
 *
 * Options (torch defaults): `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0,
 * `amsgrad` false, `maximize` false, `epsPlacement` 'torch' ('lecture' puts eps inside
 * the square root as the course notes write it), plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = adam({ w, b }, { lr: 3e-4, groups: [{ params: /^b/, lr: 1e-3 }] });
 * const report = optimizer.step({ w: gradW, b: gradB });
 */
export function adam(params: Params, options: AdamOptions = {}): Optimizer {
  return createWithDecoupled(adamDefinition, adamDecoupledDefinition, params, options);
}
