import type { Transform } from '../transform';

/**
 * Replaces the update by its elementwise sign (signSGD; Lion's direction), 0 staying 0.
 *
 * @example
 * const signSgd = chain(scaleBySign(), scaleByLearningRate(1e-3));
 */
export function scaleBySign(): Transform<object> {
  return {
    name: 'scaleBySign',
    specs: {},
    values: {},
    buffers: [],
    update({ backend, params }) {
      for (const p of params) backend.sign(p.materialize());
    },
  };
}
