import { DescentError } from '@descent/core';
import { selects } from '../engine/params';
import type { Transform } from '../transform';
import type { ParamSelector } from '../types';

/**
 * Applies `transform` only to the parameters `selector` picks (a list of names, a
 * pattern, or a predicate); the others' updates pass through unchanged, as optax's
 * `masked`.
 *
 * @example
 * // decoupled weight decay on the weights only
 * const t = chain(scaleByAdam(), masked(/weight$/, addDecayedWeights(0.01)), scaleByLearningRate(1e-3));
 */
export function masked<H extends object>(selector: ParamSelector, transform: Transform<H>): Transform<H> {
  if (!(selector instanceof RegExp) && typeof selector !== 'function' && !(Array.isArray(selector) && selector.every((s) => typeof s === 'string'))) {
    throw new DescentError('INVALID_ARGUMENT', `masked: selector must be a list of names, a RegExp or a function, got ${String(selector)}`);
  }
  return {
    name: `masked(${transform.name})`,
    specs: transform.specs,
    values: transform.values,
    buffers: transform.buffers,
    ...(transform.bufferShapes === undefined ? {} : { bufferShapes: transform.bufferShapes }),
    required: (h) => transform.required?.(h) ?? [],
    check: (fn, h, where) => transform.check?.(fn, h, where),
    update(step) {
      const params = step.params.filter((p) => selects(selector, p.name));
      if (params.length > 0) transform.update({ ...step, params });
    },
  };
}
