import { DescentError } from '@descent/core';
import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { normalizeParams } from './engine/params';
import { maximize } from './transforms/maximize';
import { FLOAT32_EPS, scaleByAdafactor } from './transforms/scaleByAdafactor';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { addDecayedWeights } from './transforms/weightDecay';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** Adafactor's hyperparameters (torch.optim.Adafactor's names, camelCase). */
export interface AdafactorHyperparameters {
  lr: Hyperparameter;
  beta2Decay: Hyperparameter;
  /** [eps1, eps2]; eps1 null means float32's machine epsilon. */
  eps: readonly [Hyperparameter | null, Hyperparameter];
  d: Hyperparameter;
  weightDecay: Hyperparameter;
  maximize: boolean;
}

/** Options of {@link adafactor}. */
export type AdafactorOptions = Partial<AdafactorHyperparameters> & CommonOptions<Omit<AdafactorHyperparameters, 'eps'>> & {};

/** torch.optim.Adafactor (torch >= 2.5), `_single_tensor_adafactor`; see {@link scaleByAdafactor}. */
export const adafactorDefinition: OptimizerDefinition = {
  name: 'adafactor',
  title: 'Adafactor',
  options: ['lr', 'beta2Decay', 'eps', 'd', 'weightDecay', 'maximize'],
  transform: () => chain(maximize(), scaleByAdafactor(), addDecayedWeights(0), scaleByLearningRate(1e-2)),
};

/** torch's `eps=(None, 1e-3)`: null is float32's machine epsilon (the backends compute in float32). */
function epsOf(value: unknown): unknown {
  return Array.isArray(value) && value.length === 2 && value[0] === null ? [FLOAT32_EPS, value[1]] : value;
}

/**
 * Adafactor (Shazeer & Stern, 2018) as torch.optim.Adafactor (torch >= 2.5): a factored
 * second moment for matrices (row and column averages, O(rows + cols) memory), a full one
 * for vectors, no first moment, a relative step size max(eps2, RMS(theta)) min(lr, 1/sqrt(t))
 * and update clipping at RMS `d`. Parameters of more than 2 dimensions throw `SHAPE_MISMATCH`.
 *
 * Options (torch defaults): `lr` 1e-2, `beta2Decay` -0.8, `eps` [null, 1e-3] (null: float32
 * machine eps, 2^-23), `d` 1, `weightDecay` 0 (decoupled: theta <- theta (1 - lr weightDecay)),
 * `maximize` false, plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = adafactor({ w, b }, { lr: 1e-2, weightDecay: 1e-4 });
 */
export function adafactor(params: Params, options: AdafactorOptions = {}): Optimizer {
  const { list } = normalizeParams('adafactor', params);
  for (const { name, tensor } of list) {
    if ((tensor?.shape?.length ?? 0) > 2) {
      throw new DescentError('SHAPE_MISMATCH', `adafactor: parameter '${name}' has shape [${tensor.shape.join(', ')}], expected at most 2 dimensions (a matrix or a vector)`, {
        details: { parameter: name },
      });
    }
  }
  const given = { ...(options ?? {}) } as Record<string, unknown>;
  if ('eps' in given) given.eps = epsOf(given.eps);
  if (Array.isArray(given.groups)) given.groups = (given.groups as Array<Record<string, unknown>>).map((g) => ('eps' in g ? { ...g, eps: epsOf(g.eps) } : g));
  return createFromDefinition(adafactorDefinition, params, given);
}
