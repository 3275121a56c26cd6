import { DescentError } from '@descent/core';
import type { Tensor } from '@descent/core';
import type { Transform } from '../transform';

/**
 * `value` when it is a finite number > 0, else `INVALID_HYPERPARAMETER` naming `fn` and
 * `label` (the clipping thresholds of the transforms and of clipGradNorm/clipGradValue).
 *
 * @example
 * const max = checkPositive('clipByValue', 'maxValue', 1);
 */
export function checkPositive(fn: string, label: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: ${label} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/**
 * Scales every update by one factor so that their global L2 norm is at most `maxNorm`, as
 * torch.nn.utils.clip_grad_norm_ (coefficient maxNorm / (norm + 1e-6), never above 1).
 * Before any other transform it clips the gradients (the `clipGradNorm` option); the norm
 * is reported as the step's `gradNorm`. It reads one number back from the device.
 *
 * @example
 * const clipped = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 */
export function clipByGlobalNorm(maxNorm: number): Transform<object> {
  const max = checkPositive('clipByGlobalNorm', 'maxNorm', maxNorm);
  return {
    name: 'clipByGlobalNorm',
    specs: {},
    values: {},
    buffers: [],
    update({ backend, params, notes }) {
      if (params.length === 0) return;
      // The updates are usually still c * grad with one c: no copy is needed for their norm.
      const singles = params.map((p) => p.single());
      const coef = singles[0]?.coef;
      const same = singles.every((s) => s !== undefined && s.coef === coef);
      const tensors: Tensor[] = same ? singles.map((s) => s!.a) : params.map((p) => p.materialize());
      const norm = Math.sqrt(backend.sumSquares(tensors)) * (same ? Math.abs(coef!) : 1);
      notes.gradNorm = norm;
      const c = max / (norm + 1e-6);
      notes.clipped = c < 1;
      if (c < 1) for (const p of params) p.scale(c);
    },
  };
}

/**
 * Clamps every element of every update to [-maxValue, maxValue], as
 * torch.nn.utils.clip_grad_value_ (the `clipGradValue` option, applied before `clipGradNorm`).
 *
 * @example
 * const clipped = chain(clipByValue(0.5), trace({ momentum: 0.9 }), scaleByLearningRate(0.01));
 */
export function clipByValue(maxValue: number): Transform<object> {
  const max = checkPositive('clipByValue', 'maxValue', maxValue);
  return {
    name: 'clipByValue',
    specs: {},
    values: {},
    buffers: [],
    update({ backend, params }) {
      for (const p of params) backend.clamp(p.materialize(), -max, max);
    },
  };
}
