import type { Hyperparameter } from '../types';
import { weightDecaySpec } from '../specs';
import type { Transform } from '../transform';

/** The hyperparameter of {@link addL2} and {@link addDecayedWeights}. */
export interface WeightDecayHyperparameters {
  weightDecay: number;
}

/**
 * torch's coupled weight decay (an L2 penalty): `g <- g + weightDecay * theta`, added to
 * the gradient, so it goes first in a chain (before `scaleByAdam`, `trace`, ...), as in
 * torch's Adam, SGD, RMSprop.
 *
 * Options: `weightDecay` (default 0; a number or a schedule).
 *
 * @example
 * const adamL2 = chain(addL2(1e-4), scaleByAdam(), scaleByLearningRate(1e-3));
 */
export function addL2(weightDecay?: Hyperparameter): Transform<WeightDecayHyperparameters> {
  return {
    name: 'addL2',
    specs: { weightDecay: weightDecaySpec(0) },
    values: weightDecay === undefined ? {} : { weightDecay },
    buffers: [],
    update({ backend, params }) {
      for (const p of params) {
        const wd = p.h.weightDecay;
        if (wd !== 0) backend.add(p.materialize(), p.param, wd);
      }
    },
  };
}

/**
 * Decoupled weight decay (Loshchilov & Hutter, 2019): adds `weightDecay * theta` to the
 * update after the adaptive scaling, so it goes after `scaleByAdam` and before
 * `scaleByLearningRate`. The engine applies it first, as torch's AdamW does:
 * `theta <- theta * (1 - lr * weightDecay)`, then the rest of the update.
 *
 * Options: `weightDecay` (default 1e-2, AdamW's; a number or a schedule).
 *
 * @example
 * const adamwLike = chain(scaleByAdam(), addDecayedWeights(0.01), scaleByLearningRate(1e-3));
 */
export function addDecayedWeights(weightDecay?: Hyperparameter): Transform<WeightDecayHyperparameters> {
  return {
    name: 'addDecayedWeights',
    specs: { weightDecay: weightDecaySpec(1e-2, true) },
    values: weightDecay === undefined ? {} : { weightDecay },
    buffers: [],
    update({ params }) {
      for (const p of params) if (p.h.weightDecay !== 0) p.add(p.param, p.h.weightDecay);
    },
  };
}
