import { maximizeSpec } from '../specs';
import type { Transform } from '../transform';

/** The hyperparameter of {@link maximize}. */
export interface MaximizeHyperparameters {
  maximize: boolean;
}

/**
 * Negates the update when `maximize` is true (torch's `maximize=True`: ascend the
 * objective). Comes first in a chain, before any penalty is added.
 *
 * Options: `maximize` (default false).
 *
 * @example
 * const ascent = chain(maximize(true), scaleByLearningRate(0.1));
 */
export function maximize(value?: boolean): Transform<MaximizeHyperparameters> {
  return {
    name: 'maximize',
    specs: { maximize: maximizeSpec },
    values: value === undefined ? {} : { maximize: value },
    buffers: [],
    update({ params }) {
      for (const p of params) if (p.h.maximize) p.scale(-1);
    },
  };
}
