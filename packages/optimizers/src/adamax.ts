import { createRuleOptimizer } from './optimizer';
import type { Rule } from './rule';
import { betas, betasSpec, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './specs';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** Adamax's hyperparameters (torch.optim.Adamax, camelCase). */
export interface AdamaxHyperparameters {
  lr: Hyperparameter;
  betas: readonly [Hyperparameter, Hyperparameter];
  eps: Hyperparameter;
  weightDecay: Hyperparameter;
  maximize: boolean;
}

/** Options of {@link adamax}. */
export type AdamaxOptions = Partial<AdamaxHyperparameters> & CommonOptions<AdamaxHyperparameters>;

/**
 * torch 1.13 `_single_tensor_adamax`:
 *   g <- ±grad + weightDecay * theta;  m <- beta1 m + (1 - beta1) g
 *   u <- max(beta2 u, |g| + eps);  theta <- theta - (lr / (1 - beta1^t)) m / u
 */
export const adamaxRule: Rule = {
  name: 'adamax',
  specs: [lrSpec(2e-3), betasSpec([0.9, 0.999]), epsSpec(1e-8), weightDecaySpec(0), maximizeSpec],
  buffers: ['expAvg', 'expInf'],
  update({ backend, param, grad: g, h, step, buffer, temp }) {
    const [beta1, beta2] = betas(h);
    const weightDecay = h.weightDecay as number;
    if (h.maximize === true) backend.scale(g, -1);
    if (weightDecay !== 0) backend.add(g, param, weightDecay);
    const m = buffer('expAvg');
    const u = buffer('expInf');
    backend.lerp(m, g, 1 - beta1);
    backend.scale(u, beta2);
    const a = temp(0);
    backend.copy(a, g);
    backend.abs(a);
    backend.addScalar(a, h.eps as number);
    backend.maximum(u, a);
    backend.addcdiv(param, m, u, -(h.lr as number) / (1 - beta1 ** step));
  },
};

/**
 * Adamax (Kingma & Ba, 2015, section 7.1): Adam with the infinity norm, torch numerics.
 *
 * Options (torch defaults): `lr` 2e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0,
 * `maximize` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = adamax({ w }, { lr: 2e-3 });
 */
export function adamax(params: Params, options: AdamaxOptions = {}): Optimizer {
  return createRuleOptimizer(adamaxRule, params, options);
}
