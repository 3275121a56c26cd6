import { epsSpec } from '../specs';
import type { Spec } from '../specs';
import { given } from './given';
import type { GivenOptions } from '../optionSpec';
import type { Transform } from '../transform';

/** The hyperparameters of {@link scaleByAdadelta}. */
export interface ScaleByAdadeltaHyperparameters {
  rho: number;
  eps: number;
}

const rhoSpec: Spec<'rho', 'number'> = { name: 'rho', type: 'number', default: 0.9, min: 0, max: 1, description: 'Decay rate of the running averages.' };

/**
 * Adadelta's scaling (Zeiler, 2012), torch 1.13 `_single_tensor_adadelta` without lr and decay:
 *   c <- rho c + (1 - rho) g^2;  delta <- sqrt(a + eps) / sqrt(c + eps) * g;  a <- rho a + (1 - rho) delta^2
 *   update <- delta
 * Buffers `squareAvg`, `accDelta`.
 *
 * Options: `rho` 0.9, `eps` 1e-6.
 *
 * @example
 * const adadeltaLike = chain(scaleByAdadelta(), scaleByLearningRate(1));
 */
export function scaleByAdadelta(options?: GivenOptions<ScaleByAdadeltaHyperparameters>): Transform<ScaleByAdadeltaHyperparameters> {
  return {
    name: 'scaleByAdadelta',
    specs: { rho: rhoSpec, eps: epsSpec(1e-6) },
    values: given(options),
    buffers: ['squareAvg', 'accDelta'],
    required: () => ['squareAvg', 'accDelta'],
    update({ backend, params }) {
      for (const p of params) {
        const { rho, eps } = p.h;
        const g = p.materialize();
        const c = p.buffer('squareAvg');
        const a = p.buffer('accDelta');
        backend.scale(c, rho);
        backend.addcmul(c, g, g, 1 - rho);
        const t = p.temp(0);
        backend.copy(t, c);
        backend.addScalar(t, eps);
        backend.sqrt(t);
        backend.div(g, t); // g / std
        backend.copy(t, a);
        backend.addScalar(t, eps);
        backend.sqrt(t);
        backend.mul(g, t); // g is now delta
        backend.scale(a, rho);
        backend.addcmul(a, g, g, 1 - rho);
      }
    },
  };
}
