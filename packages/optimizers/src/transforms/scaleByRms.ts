import { epsPlacementSpec, epsSpec } from '../specs';
import type { EpsPlacement, Spec } from '../specs';
import { given } from './given';
import { sqrtWithEps } from './sqrtWithEps';
import type { GivenOptions } from '../optionSpec';
import type { Transform } from '../transform';

/** The hyperparameters of {@link scaleByRms}. */
export interface ScaleByRmsHyperparameters {
  alpha: number;
  eps: number;
  centered: boolean;
  epsPlacement: EpsPlacement;
}

const alphaSpec: Spec<'alpha', 'number'> = {
  name: 'alpha',
  type: 'number',
  default: 0.99,
  min: 0,
  max: 1,
  maxExclusive: true,
  description: "Decay rate of the running average of squared gradients (the lecture's beta).",
};
const centeredSpec: Spec<'centered', 'boolean'> = {
  name: 'centered',
  type: 'boolean',
  default: false,
  description: 'Normalise by the estimated variance (c - mean(g)^2) instead of c.',
};

/**
 * RMSprop's scaling, torch 1.13 `_single_tensor_rmsprop` without lr, decay and momentum:
 *   c <- alpha c + (1 - alpha) g^2;  centered: a <- alpha a + (1 - alpha) g, c - a^2 replaces c
 *   update <- g / (sqrt(c) + eps)   (lecture: sqrt(c + eps))
 * Buffers `squareAvg`, `gradAvg`.
 *
 * Options: `alpha` 0.99, `eps` 1e-8, `centered` false, `epsPlacement` 'torch'.
 *
 * @example
 * const rmsLike = chain(scaleByRms({ alpha: 0.9 }), scaleByLearningRate(1e-3));
 */
export function scaleByRms(options?: GivenOptions<ScaleByRmsHyperparameters>): Transform<ScaleByRmsHyperparameters> {
  return {
    name: 'scaleByRms',
    specs: { alpha: alphaSpec, eps: epsSpec(1e-8), centered: centeredSpec, epsPlacement: epsPlacementSpec },
    values: given(options),
    buffers: ['squareAvg', 'gradAvg'],
    required: (h) => (h.centered ? ['squareAvg', 'gradAvg'] : ['squareAvg']),
    update({ backend, params }) {
      for (const p of params) {
        const { h } = p;
        const g = p.read();
        const c = p.buffer('squareAvg');
        backend.scale(c, h.alpha);
        backend.addcmul(c, g, g, 1 - h.alpha);
        const d = p.temp(0);
        backend.copy(d, c);
        if (h.centered) {
          const a = p.buffer('gradAvg');
          backend.lerp(a, g, 1 - h.alpha);
          backend.addcmul(d, a, a, -1);
        }
        sqrtWithEps(backend, d, h.eps, h.epsPlacement);
        p.replace(g, 1, d);
      }
    },
  };
}
