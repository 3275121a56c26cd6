import { epsPlacementSpec, epsSpec } from '../specs';
import type { EpsPlacement, Spec } from '../specs';
import { given } from './given';
import { sqrtWithEps } from './sqrtWithEps';
import type { GivenOptions } from '../optionSpec';
import type { Transform } from '../transform';

/** The hyperparameters of {@link scaleByRss}. */
export interface ScaleByRssHyperparameters {
  lrDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  epsPlacement: EpsPlacement;
}

const lrDecaySpec: Spec<'lrDecay', 'number'> = { name: 'lrDecay', type: 'number', default: 0, min: 0, description: 'Learning-rate decay: lr / (1 + (t - 1) * lrDecay).' };
const initialSpec: Spec<'initialAccumulatorValue', 'number'> = {
  name: 'initialAccumulatorValue',
  type: 'number',
  default: 0,
  min: 0,
  schedulable: false,
  description: 'Starting value of the sum of squared gradients.',
};

/**
 * Adagrad's scaling by the root of the sum of squares (Duchi, Hazan & Singer, 2011),
 * torch 1.13 `_single_tensor_adagrad` without lr and decay:
 *   c <- c + g^2;  update <- g / ((1 + (t - 1) lrDecay) (sqrt(c) + eps))   (lecture: sqrt(c + eps))
 * Buffer `sum`, starting at `initialAccumulatorValue` (read once: not a schedule).
 *
 * Options: `lrDecay` 0, `initialAccumulatorValue` 0, `eps` 1e-10, `epsPlacement` 'torch'.
 *
 * @example
 * const adagradLike = chain(scaleByRss({ initialAccumulatorValue: 0.1 }), scaleByLearningRate(0.05));
 */
export function scaleByRss(options?: GivenOptions<ScaleByRssHyperparameters>): Transform<ScaleByRssHyperparameters> {
  return {
    name: 'scaleByRss',
    specs: { lrDecay: lrDecaySpec, initialAccumulatorValue: initialSpec, eps: epsSpec(1e-10), epsPlacement: epsPlacementSpec },
    values: given(options),
    buffers: ['sum'],
    required: () => ['sum'],
    update({ backend, params }) {
      for (const p of params) {
        const { h, step } = p;
        const g = p.read();
        const sum = p.buffer('sum', h.initialAccumulatorValue);
        backend.addcmul(sum, g, g, 1);
        const std = p.temp(0);
        backend.copy(std, sum);
        sqrtWithEps(backend, std, h.eps, h.epsPlacement);
        p.replace(g, 1 / (1 + (step - 1) * h.lrDecay), std);
      }
    },
  };
}
