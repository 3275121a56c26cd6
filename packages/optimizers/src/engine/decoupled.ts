import { DescentError } from '@descent/core';
import { chain } from '../chain';
import { createFromDefinition } from '../defineOptimizer';
import type { OptimizerDefinition } from '../defineOptimizer';
import type { Transform } from '../transform';
import { maximize } from '../transforms/maximize';
import { scaleByLearningRate } from '../transforms/scaleByLearningRate';
import { addDecayedWeights } from '../transforms/weightDecay';
import type { Optimizer, Params } from '../types';

/**
 * The option of Adam, NAdam and RAdam that picks the decoupled chain.
 *
 * @example
 * const options: DecoupledWeightDecayOption = { decoupledWeightDecay: true };
 */
export interface DecoupledWeightDecayOption {
  /** torch >= 2.1's `decoupled_weight_decay` (default false): the parameter is multiplied by (1 - lr * weightDecay) instead of an L2 term. */
  decoupledWeightDecay?: boolean;
}

/**
 * Splits `decoupledWeightDecay` off an optimizer's options (torch >= 2.1's
 * `decoupled_weight_decay` for Adam, NAdam and RAdam): the factory picks the decoupled
 * chain when it is true. Anything but a boolean (or absent) is `INVALID_HYPERPARAMETER`.
 *
 * @example
 * const [decoupled, rest] = takeDecoupled('adam', { lr: 1e-3, decoupledWeightDecay: true });
 */
export function takeDecoupled<O extends DecoupledWeightDecayOption>(fn: string, options: O): [boolean, Omit<O, 'decoupledWeightDecay'>] {
  const { decoupledWeightDecay, ...rest } = (options ?? {}) as O;
  if (decoupledWeightDecay !== undefined && typeof decoupledWeightDecay !== 'boolean') {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: decoupledWeightDecay must be true or false, got ${String(decoupledWeightDecay)}`);
  }
  return [decoupledWeightDecay === true, rest];
}

/**
 * The `decoupledWeightDecay: true` form of a definition whose chain is
 * `maximize, addL2, scale, scaleByLearningRate(lr)`: the same name, title, options and
 * kernels, with the chain `maximize, scale, addDecayedWeights(0), scaleByLearningRate(lr)`.
 * It has no side effects: mark a top-level call with a `@__PURE__` comment, so that a bundle
 * which never uses the definition drops it (and its chain), as `adam.ts` does.
 *
 * @example
 * export const adamDecoupledDefinition = decoupledVariant(adamDefinition, () => scaleByAdam(), 1e-3);
 */
export function decoupledVariant(definition: OptimizerDefinition, scale: () => Transform<object>, lr: number): OptimizerDefinition {
  return { ...definition, transform: () => chain(maximize(), scale(), addDecayedWeights(0), scaleByLearningRate(lr)) };
}

/**
 * The optimizer of `coupled`, or of `decoupled` when the options say
 * `decoupledWeightDecay: true` (see {@link takeDecoupled}); the factory of Adam, NAdam and RAdam.
 *
 * @example
 * const optimizer = createWithDecoupled(adamDefinition, adamDecoupledDefinition, { w }, { decoupledWeightDecay: true });
 */
export function createWithDecoupled(
  coupled: OptimizerDefinition,
  decoupled: OptimizerDefinition,
  params: Params,
  options: DecoupledWeightDecayOption,
): Optimizer {
  const [isDecoupled, rest] = takeDecoupled(coupled.name, options);
  return createFromDefinition(isDecoupled ? decoupled : coupled, params, rest);
}
