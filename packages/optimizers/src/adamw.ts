import { adamRule } from './adam';
import type { AdamOptions } from './adam';
import { createRuleOptimizer } from './optimizer';
import type { Optimizer, Params } from './types';

const rule = adamRule(true);

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
  return createRuleOptimizer(rule, params, options);
}
