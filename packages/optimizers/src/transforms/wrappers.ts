import { DescentError } from '@descent/core';
import { chain } from '../chain';
import type { Transform } from '../transform';

/**
 * Gradient accumulation (optax's `MultiSteps`): the gradients of `k` calls of `step()` are
 * averaged and the wrapped transform runs on every k-th call (the others return
 * `applied: false`). `accumulate(k, inner)` wraps `inner`; `accumulate(k)` alone goes first
 * in a chain. The same as the `accumulate` option.
 *
 * @example
 * const optimizer = fromTransform(accumulate(4, chain(scaleByAdam(), scaleByLearningRate(1e-3))), params);
 */
export function accumulate<H extends object>(k: number, inner?: Transform<H>): Transform<H> {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new DescentError('INVALID_HYPERPARAMETER', `accumulate: k must be an integer >= 1, got ${String(k)}`);
  }
  const marker: Transform<object> = { name: 'accumulate', specs: {}, values: {}, buffers: [], directive: { accumulate: k }, update: () => undefined };
  return (inner === undefined ? marker : chain(marker, inner)) as Transform<H>;
}

/**
 * Skips a step whose gradients hold NaN or Infinity (optax's `apply_if_finite`): nothing
 * moves and the step reports `skipped: true`. Without it such a step throws `NON_FINITE`.
 * The same as the option `nonFinite: 'skip'`.
 *
 * @example
 * const optimizer = fromTransform(skipNonFinite(chain(scaleByAdam(), scaleByLearningRate(1e-3))), params);
 */
export function skipNonFinite<H extends object>(inner?: Transform<H>): Transform<H> {
  const marker: Transform<object> = { name: 'skipNonFinite', specs: {}, values: {}, buffers: [], directive: { nonFinite: 'skip' }, update: () => undefined };
  return (inner === undefined ? marker : chain(marker, inner)) as Transform<H>;
}
