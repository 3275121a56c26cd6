import { createRuleOptimizer } from './optimizer';
import type { Rule } from './rule';
import { epsPlacementSpec, epsSpec, lrSpec, maximizeSpec, momentumSpec, weightDecaySpec } from './specs';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** RMSprop's hyperparameters (torch.optim.RMSprop, camelCase). */
export interface RmspropHyperparameters {
  lr: Hyperparameter;
  alpha: Hyperparameter;
  eps: Hyperparameter;
  weightDecay: Hyperparameter;
  momentum: Hyperparameter;
  centered: boolean;
  maximize: boolean;
  epsPlacement: 'torch' | 'lecture';
}

/** Options of {@link rmsprop}. */
export type RmspropOptions = Partial<RmspropHyperparameters> & CommonOptions<RmspropHyperparameters>;

/**
 * torch 1.13 `_single_tensor_rmsprop`:
 *   g <- ±grad + weightDecay * theta;  c <- alpha c + (1 - alpha) g^2
 *   centered: a <- alpha a + (1 - alpha) g, and c - a^2 replaces c below
 *   d <- sqrt(c) + eps   (lecture: sqrt(c + eps))
 *   momentum > 0: b <- momentum b + g / d; theta <- theta - lr b;  else theta <- theta - lr g / d
 */
export const rmspropRule: Rule = {
  name: 'rmsprop',
  specs: [
    lrSpec(1e-2),
    { name: 'alpha', type: 'number', default: 0.99, min: 0, max: 1, maxExclusive: true, description: 'Decay rate of the running average of squared gradients (the lecture\'s beta).' },
    epsSpec(1e-8),
    weightDecaySpec(0),
    momentumSpec('Momentum factor applied to g / sqrt(c).'),
    { name: 'centered', type: 'boolean', default: false, description: 'Normalise by the estimated variance (c - mean(g)^2) instead of c.' },
    maximizeSpec,
    epsPlacementSpec,
  ],
  buffers: ['squareAvg', 'gradAvg', 'momentumBuffer'],
  update({ backend, param, grad: g, h, buffer, temp }) {
    const alpha = h.alpha as number;
    const weightDecay = h.weightDecay as number;
    const momentum = h.momentum as number;
    if (h.maximize === true) backend.scale(g, -1);
    if (weightDecay !== 0) backend.add(g, param, weightDecay);
    const c = buffer('squareAvg');
    backend.scale(c, alpha);
    backend.addcmul(c, g, g, 1 - alpha);
    const d = temp(0);
    backend.copy(d, c);
    if (h.centered === true) {
      const a = buffer('gradAvg');
      backend.lerp(a, g, 1 - alpha);
      backend.addcmul(d, a, a, -1);
    }
    if (h.epsPlacement === 'lecture') {
      backend.addScalar(d, h.eps as number);
      backend.sqrt(d);
    } else {
      backend.sqrt(d);
      backend.addScalar(d, h.eps as number);
    }
    if (momentum > 0) {
      const b = buffer('momentumBuffer');
      backend.scale(b, momentum);
      backend.addcdiv(b, g, d, 1);
      backend.add(param, b, -(h.lr as number));
    } else {
      backend.addcdiv(param, g, d, -(h.lr as number));
    }
  },
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
  return createRuleOptimizer(rmspropRule, params, options);
}
