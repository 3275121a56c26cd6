import { chain } from './chain';
import type { OptimizerDefinition } from './defineOptimizer';
import { maximize } from './transforms/maximize';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { scaleByNadam } from './transforms/scaleByNadam';
import { addL2 } from './transforms/weightDecay';
import { createWithDecoupled, decoupledVariant } from './engine/decoupled';
import type { DecoupledWeightDecayOption } from './engine/decoupled';
import { nadamKernel } from './fused/nadamKernel';
import type { NadamTorchVersion } from './transforms/scaleByNadam';
import type { Hyperparameter, MomentHyperparameters, Optimizer, OptionsOf, Params } from './types';

/** NAdam's hyperparameters (torch.optim.NAdam, camelCase). */
export interface NadamHyperparameters extends MomentHyperparameters {
  momentumDecay: Hyperparameter;
  /** `'2'` (default): torch >= 2.0's rule; `'1.13'`: torch 1.13's single-tensor rule. */
  torchVersion: NadamTorchVersion;
}

/** Options of {@link nadam}. */
export type NadamOptions = OptionsOf<NadamHyperparameters> & DecoupledWeightDecayOption;

/**
 * torch >= 2.0 `_single_tensor_nadam` (Dozat, 2016):
 *   mu_t <- beta1 (1 - 0.5 * 0.96^(t * momentumDecay)), P_t <- P_{t-1} mu_t (kept per parameter)
 *   m, v as Adam;  d <- sqrt(v / (1 - beta2^t)) + eps
 *   theta <- theta - lr (1 - mu_t) / (1 - P_t) * g / d - lr mu_{t+1} / (1 - P_t mu_{t+1}) * m / d
 * `torchVersion: '1.13'` gives torch 1.13's default single-tensor path, whose m-term
 * denominator is 1 - P_t mu_t mu_{t+1} (12% less momentum at step 1 with the default betas).
 */
export const nadamDefinition: OptimizerDefinition = {
  name: 'nadam',
  title: 'NAdam',
  options: ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay', 'maximize', 'torchVersion'],
  transform: () => chain(maximize(), addL2(), scaleByNadam(), scaleByLearningRate(2e-3)),
  kernels: [nadamKernel],
};

/** NAdam with `decoupledWeightDecay: true` (torch >= 2.1). */
export const nadamDecoupledDefinition: OptimizerDefinition = /* @__PURE__ */ decoupledVariant(nadamDefinition, () => scaleByNadam(), 2e-3);

/**
 * NAdam (Dozat, 2016): Adam with Nesterov momentum, torch.optim.NAdam's numerics.
 *
 * Options (torch defaults): `lr` 2e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0,
 * `momentumDecay` 4e-3, `maximize` false, `torchVersion` '2' ('1.13' for torch 1.13's
 * rule), `decoupledWeightDecay` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = nadam({ w }, { lr: 2e-3 });
 */
export function nadam(params: Params, options: NadamOptions = {}): Optimizer {
  return createWithDecoupled(nadamDefinition, nadamDecoupledDefinition, params, options);
}
