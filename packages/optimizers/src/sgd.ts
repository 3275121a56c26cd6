import { createRuleOptimizer } from './optimizer';
import type { Rule } from './rule';
import { invalidHyperparameter, lrSpec, maximizeSpec, momentumSpec, weightDecaySpec } from './specs';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';
import { simdSgd } from './wasm-arena';

/** SGD's hyperparameters (torch.optim.SGD, camelCase). */
export interface SgdHyperparameters {
  lr: Hyperparameter;
  momentum: Hyperparameter;
  dampening: Hyperparameter;
  weightDecay: Hyperparameter;
  nesterov: boolean;
  maximize: boolean;
}

/** Options of {@link sgd}. */
export type SgdOptions = Partial<SgdHyperparameters> & CommonOptions<SgdHyperparameters>;

/**
 * torch.optim.SGD (1.13, `_single_tensor_sgd`):
 *   g <- ±grad + weightDecay * theta
 *   b <- g on the first step, else momentum * b + (1 - dampening) * g
 *   d <- nesterov ? g + momentum * b : b      (d = g when momentum = 0)
 *   theta <- theta - lr * d
 * The lecture's momentum, v <- mu v - lr g; theta <- theta + v, is the same trajectory
 * with v = -lr b while lr is constant; when lr changes they differ (torch applies the new
 * lr to the whole buffer, the lecture only to the new gradient). See lecture-forms.test.ts.
 */
export const sgdRule: Rule = {
  name: 'sgd',
  specs: [
    lrSpec(1e-3),
    momentumSpec('Momentum factor mu (0 disables momentum).'),
    { name: 'dampening', type: 'number', default: 0, min: 0, max: 1, description: 'Dampening for momentum: the new gradient enters the buffer scaled by (1 - dampening).' },
    weightDecaySpec(0),
    { name: 'nesterov', type: 'boolean', default: false, description: "Nesterov momentum (torch's form of Sutskever et al. 2013); needs momentum > 0 and dampening = 0." },
    maximizeSpec,
  ],
  buffers: ['momentumBuffer'],
  check(fn, h, where) {
    if (h.nesterov === true && ((h.momentum as number) <= 0 || h.dampening !== 0)) {
      invalidHyperparameter(fn, `${where}nesterov requires momentum > 0 and dampening = 0, got momentum=${String(h.momentum)}, dampening=${String(h.dampening)}`, {
        option: 'nesterov',
      });
    }
  },
  update({ backend, param, grad: g, h, buffer, has }) {
    const lr = h.lr as number;
    const momentum = h.momentum as number;
    const weightDecay = h.weightDecay as number;
    if (h.maximize === true) backend.scale(g, -1);
    if (weightDecay !== 0) backend.add(g, param, weightDecay);
    let d = g;
    if (momentum !== 0) {
      const first = !has('momentumBuffer');
      const b = buffer('momentumBuffer');
      if (first) backend.copy(b, g);
      else {
        backend.scale(b, momentum);
        backend.add(b, g, 1 - (h.dampening as number));
      }
      if (h.nesterov === true) backend.add(g, b, momentum);
      else d = b;
    }
    backend.add(param, d, -lr);
  },
  fused({ param: p, grad, gradScale, h, buffer, has, simd }) {
    const lr = h.lr as number;
    const momentum = h.momentum as number;
    const wd = h.weightDecay as number;
    const s = h.maximize === true ? -gradScale : gradScale;
    const n = p.length;
    if (momentum === 0) {
      for (let i = 0; i < n; i++) p[i] = p[i]! - lr * (s * grad[i]! + wd * p[i]!);
      return;
    }
    const first = !has('momentumBuffer');
    const b = buffer('momentumBuffer');
    const keep = first ? 0 : momentum;
    const fresh = first ? 1 : 1 - (h.dampening as number);
    const ahead = h.nesterov === true ? momentum : 0;
    const own = h.nesterov === true ? 1 : 0;
    // The SIMD kernel does the multiple-of-4 prefix (in place in a WasmArena, else staged).
    const n4 = n - (n % 4);
    const start = simd && simdSgd(p, b, grad, n4, s, wd, keep, fresh, lr * own, lr * (ahead + 1 - own)) ? n4 : 0;
    for (let i = start; i < n; i++) {
      const pi = p[i]!;
      const d = s * grad[i]! + wd * pi;
      const bi = keep * b[i]! + fresh * d;
      b[i] = bi;
      p[i] = pi - lr * (own * d + ahead * bi + (1 - own) * bi);
    }
  },
};

/**
 * Stochastic gradient descent, with optional momentum, Nesterov momentum, dampening and
 * L2 weight decay; torch.optim.SGD's numerics.
 *
 * Options (torch defaults): `lr` 1e-3 (torch 1.13 has no default; 2.x uses 1e-3),
 * `momentum` 0, `dampening` 0, `weightDecay` 0, `nesterov` false, `maximize` false, plus
 * the {@link CommonOptions}. Numbers may be schedules `(step) => number`.
 *
 * @example
 * const optimizer = sgd({ w, b }, { lr: 0.01, momentum: 0.9 });
 * optimizer.step({ w: gradW, b: gradB });
 */
export function sgd(params: Params, options: SgdOptions = {}): Optimizer {
  return createRuleOptimizer(sgdRule, params, options);
}
