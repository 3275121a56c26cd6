import { betasSpec } from '../specs';
import { given } from './given';
import type { GivenOptions } from '../optionSpec';
import type { Transform } from '../transform';

/** The hyperparameters of {@link scaleByLion}. */
export interface ScaleByLionHyperparameters {
  betas: readonly [number, number];
}

/**
 * Lion's direction before its sign (Chen et al. 2023, Algorithm 2):
 *   update <- beta1 m + (1 - beta1) g;  then m <- beta2 m + (1 - beta2) g
 * Follow it with `scaleBySign()`. Buffer `expAvg`.
 *
 * Options: `betas` [0.9, 0.99].
 *
 * @example
 * const lionLike = chain(scaleByLion(), scaleBySign(), addDecayedWeights(0.1), scaleByLearningRate(1e-4));
 */
export function scaleByLion(options?: GivenOptions<ScaleByLionHyperparameters>): Transform<ScaleByLionHyperparameters> {
  return {
    name: 'scaleByLion',
    specs: { betas: betasSpec([0.9, 0.99], 'beta1 interpolates the update direction, beta2 the momentum.') },
    values: given(options),
    buffers: ['expAvg'],
    required: () => ['expAvg'],
    update({ backend, params }) {
      for (const p of params) {
        const [beta1, beta2] = p.h.betas;
        const g = p.read();
        const m = p.buffer('expAvg');
        const c = p.temp(0);
        backend.copy(c, m);
        backend.lerp(c, g, 1 - beta1);
        backend.lerp(m, g, 1 - beta2);
        p.replace(c);
      }
    },
  };
}
