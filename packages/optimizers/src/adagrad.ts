import { createRuleOptimizer } from './optimizer';
import type { Rule } from './rule';
import { epsPlacementSpec, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './specs';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** Adagrad's hyperparameters (torch.optim.Adagrad, camelCase). */
export interface AdagradHyperparameters {
  lr: Hyperparameter;
  lrDecay: Hyperparameter;
  weightDecay: Hyperparameter;
  /** Starting value of the sum of squares; read once, not a schedule. */
  initialAccumulatorValue: number;
  eps: Hyperparameter;
  maximize: boolean;
  epsPlacement: 'torch' | 'lecture';
}

/** Options of {@link adagrad}. */
export type AdagradOptions = Partial<AdagradHyperparameters> & CommonOptions<AdagradHyperparameters>;

/**
 * torch 1.13 `_single_tensor_adagrad`:
 *   g <- ±grad + weightDecay * theta;  clr <- lr / (1 + (t - 1) lrDecay)
 *   c <- c + g^2;  theta <- theta - clr * g / (sqrt(c) + eps)
 * The lecture: theta <- theta - lr * g / sqrt(c + eps)  (epsPlacement: 'lecture').
 */
export const adagradRule: Rule = {
  name: 'adagrad',
  specs: [
    lrSpec(1e-2),
    { name: 'lrDecay', type: 'number', default: 0, min: 0, description: 'Learning-rate decay: lr / (1 + (t - 1) * lrDecay).' },
    weightDecaySpec(0),
    { name: 'initialAccumulatorValue', type: 'number', default: 0, min: 0, schedulable: false, description: 'Starting value of the sum of squared gradients.' },
    epsSpec(1e-10),
    maximizeSpec,
    epsPlacementSpec,
  ],
  buffers: ['sum'],
  update({ backend, param, grad: g, h, step, buffer, temp }) {
    const weightDecay = h.weightDecay as number;
    if (h.maximize === true) backend.scale(g, -1);
    if (weightDecay !== 0) backend.add(g, param, weightDecay);
    const clr = (h.lr as number) / (1 + (step - 1) * (h.lrDecay as number));
    const sum = buffer('sum', h.initialAccumulatorValue as number);
    backend.addcmul(sum, g, g, 1);
    const std = temp(0);
    backend.copy(std, sum);
    if (h.epsPlacement === 'lecture') {
      backend.addScalar(std, h.eps as number);
      backend.sqrt(std);
    } else {
      backend.sqrt(std);
      backend.addScalar(std, h.eps as number);
    }
    backend.addcdiv(param, g, std, -clr);
  },
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
  return createRuleOptimizer(adagradRule, params, options);
}
