import { createRuleOptimizer } from './optimizer';
import type { Rule } from './rule';
import { betas, betasSpec, lrSpec, maximizeSpec, weightDecaySpec } from './specs';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** Lion's hyperparameters (names as in the paper's reference code, camelCase). */
export interface LionHyperparameters {
  lr: Hyperparameter;
  betas: readonly [Hyperparameter, Hyperparameter];
  weightDecay: Hyperparameter;
  maximize: boolean;
}

/** Options of {@link lion}. */
export type LionOptions = Partial<LionHyperparameters> & CommonOptions<LionHyperparameters>;

/**
 * Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2:
 *   c <- beta1 m + (1 - beta1) g
 *   theta <- theta - lr (sign(c) + weightDecay theta)
 *   m <- beta2 m + (1 - beta2) g
 */
export const lionRule: Rule = {
  name: 'lion',
  specs: [
    lrSpec(1e-4),
    betasSpec([0.9, 0.99], 'beta1 interpolates the update direction, beta2 the momentum.'),
    weightDecaySpec(0, true),
    maximizeSpec,
  ],
  buffers: ['expAvg'],
  update({ backend, param, grad: g, h, buffer, temp }) {
    const [beta1, beta2] = betas(h);
    const lr = h.lr as number;
    const weightDecay = h.weightDecay as number;
    if (h.maximize === true) backend.scale(g, -1);
    const m = buffer('expAvg');
    const c = temp(0);
    backend.copy(c, m);
    backend.lerp(c, g, 1 - beta1);
    backend.sign(c);
    if (weightDecay !== 0) backend.scale(param, 1 - lr * weightDecay);
    backend.add(param, c, -lr);
    backend.lerp(m, g, 1 - beta2);
  },
};

/**
 * Lion (EvoLved Sign Momentum, Chen et al. 2023): the sign of an interpolated momentum,
 * decoupled weight decay. Use a 3-10x smaller lr than AdamW and a larger weightDecay.
 *
 * Options (the paper's defaults): `lr` 1e-4, `betas` [0.9, 0.99], `weightDecay` 0,
 * `maximize` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = lion(params, { lr: 3e-5, weightDecay: 0.1 });
 */
export function lion(params: Params, options: LionOptions = {}): Optimizer {
  return createRuleOptimizer(lionRule, params, options);
}
