import { createRuleOptimizer } from './optimizer';
import type { Rule } from './rule';
import { epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './specs';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** Adadelta's hyperparameters (torch.optim.Adadelta, camelCase). */
export interface AdadeltaHyperparameters {
  lr: Hyperparameter;
  rho: Hyperparameter;
  eps: Hyperparameter;
  weightDecay: Hyperparameter;
  maximize: boolean;
}

/** Options of {@link adadelta}. */
export type AdadeltaOptions = Partial<AdadeltaHyperparameters> & CommonOptions<AdadeltaHyperparameters>;

/**
 * torch 1.13 `_single_tensor_adadelta` (Zeiler, 2012):
 *   g <- ±grad + weightDecay * theta;  c <- rho c + (1 - rho) g^2
 *   delta <- sqrt(a + eps) / sqrt(c + eps) * g;  a <- rho a + (1 - rho) delta^2
 *   theta <- theta - lr delta
 */
export const adadeltaRule: Rule = {
  name: 'adadelta',
  specs: [
    lrSpec(1),
    { name: 'rho', type: 'number', default: 0.9, min: 0, max: 1, description: 'Decay rate of the running averages.' },
    epsSpec(1e-6),
    weightDecaySpec(0),
    maximizeSpec,
  ],
  buffers: ['squareAvg', 'accDelta'],
  update({ backend, param, grad: g, h, buffer, temp }) {
    const rho = h.rho as number;
    const eps = h.eps as number;
    const weightDecay = h.weightDecay as number;
    if (h.maximize === true) backend.scale(g, -1);
    if (weightDecay !== 0) backend.add(g, param, weightDecay);
    const c = buffer('squareAvg');
    const a = buffer('accDelta');
    backend.scale(c, rho);
    backend.addcmul(c, g, g, 1 - rho);
    const t = temp(0);
    backend.copy(t, c);
    backend.addScalar(t, eps);
    backend.sqrt(t);
    backend.div(g, t); // g / std
    backend.copy(t, a);
    backend.addScalar(t, eps);
    backend.sqrt(t);
    backend.mul(g, t); // g is now delta
    backend.scale(a, rho);
    backend.addcmul(a, g, g, 1 - rho);
    backend.add(param, g, -(h.lr as number));
  },
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
  return createRuleOptimizer(adadeltaRule, params, options);
}
