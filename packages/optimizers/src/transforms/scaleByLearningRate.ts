import { lrSpec } from '../specs';
import type { Transform } from '../transform';
import type { Hyperparameter } from '../types';

/** The hyperparameter of {@link scaleByLearningRate}. */
export interface LearningRateHyperparameters {
  lr: number;
}

/**
 * Multiplies the update by `-lr` (the update is then added to the parameter). The rate is
 * a number or a schedule `(step) => number`, and the optimizer's `lr` reads it.
 *
 * Options: `lr` (default 1e-3).
 *
 * @example
 * const plainSgd = fromTransform(scaleByLearningRate((step) => 0.1 * 0.99 ** step), { w });
 */
export function scaleByLearningRate(lr?: Hyperparameter): Transform<LearningRateHyperparameters> {
  return {
    name: 'scaleByLearningRate',
    specs: { lr: lrSpec(1e-3) },
    values: lr === undefined ? {} : { lr },
    buffers: [],
    update({ params }) {
      for (const p of params) p.scale(-p.h.lr);
    },
  };
}
