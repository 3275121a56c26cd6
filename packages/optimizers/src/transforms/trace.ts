import { invalidHyperparameter, momentumSpec } from '../specs';
import type { Spec } from '../specs';
import { given } from './given';
import type { GivenOptions } from '../optionSpec';
import type { Transform } from '../transform';

/** The hyperparameters of {@link trace}. */
export interface TraceHyperparameters {
  momentum: number;
  dampening: number;
  nesterov: boolean;
}

const dampeningSpec: Spec<'dampening', 'number'> = {
  name: 'dampening',
  type: 'number',
  default: 0,
  min: 0,
  max: 1,
  description: 'Dampening for momentum: the new gradient enters the buffer scaled by (1 - dampening).',
};
const nesterovSpec: Spec<'nesterov', 'boolean'> = {
  name: 'nesterov',
  type: 'boolean',
  default: false,
  description: "Nesterov momentum (torch's form of Sutskever et al. 2013); needs momentum > 0 and dampening = 0.",
};

/**
 * Momentum as torch.optim.SGD keeps it (1.13, `_single_tensor_sgd`):
 *   b <- g on the first step, else momentum * b + (1 - dampening) * g
 *   update <- nesterov ? g + momentum * b : b      (g unchanged when momentum = 0: no buffer)
 * Buffer `momentumBuffer`. The lecture's v <- mu v - lr g is the same trajectory while lr is
 * constant (see lectureForms.test.ts).
 *
 * Options: `momentum` 0, `dampening` 0, `nesterov` false.
 *
 * @example
 * const nesterovSgd = chain(trace({ momentum: 0.9, nesterov: true }), scaleByLearningRate(0.01));
 */
export function trace(options?: GivenOptions<TraceHyperparameters>): Transform<TraceHyperparameters> {
  return {
    name: 'trace',
    specs: { momentum: momentumSpec('Momentum factor mu (0 disables momentum).'), dampening: dampeningSpec, nesterov: nesterovSpec },
    values: given(options),
    buffers: ['momentumBuffer'],
    required: (h) => (h.momentum !== 0 ? ['momentumBuffer'] : []),
    check(fn, h, where) {
      if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
        invalidHyperparameter(fn, `${where}nesterov requires momentum > 0 and dampening = 0, got momentum=${h.momentum}, dampening=${h.dampening}`, {
          option: 'nesterov',
        });
      }
    },
    update({ backend, params }) {
      for (const p of params) {
        const { momentum, dampening, nesterov } = p.h;
        if (momentum === 0) continue;
        const g = p.read();
        const first = !p.has('momentumBuffer');
        const b = p.buffer('momentumBuffer');
        if (first) backend.copy(b, g);
        else {
          backend.scale(b, momentum);
          backend.add(b, g, 1 - dampening);
        }
        if (nesterov) p.add(b, momentum);
        else p.replace(b);
      }
    },
  };
}
