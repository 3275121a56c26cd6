import { createRuleOptimizer } from './optimizer';
import type { FusedContext, Rule, UpdateContext } from './rule';
import { amsgradSpec, betas, betasSpec, epsPlacementSpec, epsSpec, lrSpec, maximizeSpec, weightDecaySpec } from './specs';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';
import { simdAdam } from './wasm-arena';

/** Adam's and AdamW's hyperparameters (torch names, camelCase). */
export interface AdamHyperparameters {
  lr: Hyperparameter;
  betas: readonly [Hyperparameter, Hyperparameter];
  eps: Hyperparameter;
  weightDecay: Hyperparameter;
  amsgrad: boolean;
  maximize: boolean;
  /** `'torch'` (default): sqrt(v_hat) + eps; `'lecture'`: sqrt(v_hat + eps), as in the course notes. */
  epsPlacement: 'torch' | 'lecture';
}

/** Options of {@link adam} and {@link adamw}. */
export type AdamOptions = Partial<AdamHyperparameters> & CommonOptions<AdamHyperparameters>;

/**
 * The general path, torch 1.13 `_single_tensor_adam`:
 *   g <- ±grad (+ weightDecay * theta for Adam; AdamW multiplies theta by 1 - lr * weightDecay)
 *   m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2   (vmax <- max(vmax, v) with amsgrad)
 *   theta <- theta - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * The lecture's form divides by sqrt(v_hat + eps) instead (epsPlacement: 'lecture').
 */
function adamUpdate(decoupled: boolean) {
  return ({ backend, param, grad: g, h, step, buffer, temp }: UpdateContext): void => {
    const lr = h.lr as number;
    const weightDecay = h.weightDecay as number;
    const [beta1, beta2] = betas(h);
    if (h.maximize === true) backend.scale(g, -1);
    if (weightDecay !== 0) {
      if (decoupled) backend.scale(param, 1 - lr * weightDecay);
      else backend.add(g, param, weightDecay);
    }
    const m = buffer('expAvg');
    const v = buffer('expAvgSq');
    backend.lerp(m, g, 1 - beta1);
    backend.scale(v, beta2);
    backend.addcmul(v, g, g, 1 - beta2);
    let second = v;
    if (h.amsgrad === true) {
      second = buffer('maxExpAvgSq');
      backend.maximum(second, v);
    }
    const bias1 = 1 - beta1 ** step;
    const bias2 = 1 - beta2 ** step;
    const denom = temp(0);
    backend.copy(denom, second);
    if (h.epsPlacement === 'lecture') {
      backend.scale(denom, 1 / bias2);
      backend.addScalar(denom, h.eps as number);
      backend.sqrt(denom);
    } else {
      backend.sqrt(denom);
      backend.scale(denom, 1 / Math.sqrt(bias2));
      backend.addScalar(denom, h.eps as number);
    }
    backend.addcdiv(param, m, denom, -lr / bias1);
  };
}

/**
 * The same update as one loop per parameter over the Float32Arrays (7 arrays of 4 bytes
 * per element: theta, m, v read and written, the gradient read). The common case (no
 * amsgrad, torch eps) has a loop with no branch.
 */
function adamFused(decoupled: boolean) {
  return ({ param: p, grad, gradScale, h, step, buffer, simd }: FusedContext): void => {
    const lr = h.lr as number;
    const weightDecay = h.weightDecay as number;
    const [beta1, beta2] = betas(h);
    const eps = h.eps as number;
    const s = h.maximize === true ? -gradScale : gradScale;
    const decay = decoupled ? 1 - lr * weightDecay : 1;
    const l2 = decoupled ? 0 : weightDecay;
    const m = buffer('expAvg');
    const v = buffer('expAvgSq');
    const bias1 = 1 - beta1 ** step;
    const bias2 = 1 - beta2 ** step;
    const stepSize = lr / bias1;
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    const n = p.length;
    if (h.amsgrad !== true && h.epsPlacement !== 'lecture') {
      const inv = 1 / Math.sqrt(bias2);
      // The SIMD kernel does the multiple-of-4 prefix (in place in a WasmArena, else staged).
      const n4 = n - (n % 4);
      const start = simd && simdAdam(p, m, v, grad, n4, s, decay, l2, c1, beta2, c2, stepSize, inv, eps) ? n4 : 0;
      for (let i = start; i < n; i++) {
        const pi = p[i]! * decay;
        const gi = s * grad[i]! + l2 * pi;
        const mi = m[i]!;
        const mn = mi + c1 * (gi - mi);
        const vn = beta2 * v[i]! + c2 * gi * gi;
        m[i] = mn;
        v[i] = vn;
        p[i] = pi - (stepSize * mn) / (Math.sqrt(vn) * inv + eps);
      }
      return;
    }
    const vmax = h.amsgrad === true ? buffer('maxExpAvgSq') : null;
    const lecture = h.epsPlacement === 'lecture';
    for (let i = 0; i < n; i++) {
      const pi = p[i]! * decay;
      const gi = s * grad[i]! + l2 * pi;
      const mi = m[i]!;
      const mn = mi + c1 * (gi - mi);
      let vn = beta2 * v[i]! + c2 * gi * gi;
      m[i] = mn;
      v[i] = vn;
      if (vmax !== null) {
        vn = Math.max(vmax[i]!, Math.fround(vn));
        vmax[i] = vn;
      }
      const denom = lecture ? Math.sqrt(vn / bias2 + eps) : Math.sqrt(vn) / Math.sqrt(bias2) + eps;
      p[i] = pi - (stepSize * mn) / denom;
    }
  };
}

/** Adam's rule, or AdamW's when `decoupled`. */
export function adamRule(decoupled: boolean): Rule {
  return {
    name: decoupled ? 'adamw' : 'adam',
    specs: [
      lrSpec(1e-3),
      betasSpec([0.9, 0.999]),
      epsSpec(1e-8),
      weightDecaySpec(decoupled ? 1e-2 : 0, decoupled),
      amsgradSpec,
      maximizeSpec,
      epsPlacementSpec,
    ],
    buffers: ['expAvg', 'expAvgSq', 'maxExpAvgSq'],
    update: adamUpdate(decoupled),
    fused: adamFused(decoupled),
  };
}

const rule = adamRule(false);

/**
 * Adam (Kingma & Ba, 2015) with torch.optim.Adam's numerics: bias corrections, eps after
 * the square root, lr outside, L2 weight decay added to the gradient.
 *
 * Options (torch defaults): `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0,
 * `amsgrad` false, `maximize` false, `epsPlacement` 'torch' ('lecture' puts eps inside
 * the square root as the course notes write it), plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = adam({ w, b }, { lr: 3e-4, groups: [{ params: /^b/, lr: 1e-3 }] });
 * const report = optimizer.step({ w: gradW, b: gradB });
 */
export function adam(params: Params, options: AdamOptions = {}): Optimizer {
  return createRuleOptimizer(rule, params, options);
}
