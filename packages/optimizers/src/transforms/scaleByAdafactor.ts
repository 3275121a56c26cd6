import type { Backend, Tensor } from '@descent/core';
import { given } from './given';
import type { GivenOptions } from '../optionSpec';
import type { Spec } from '../specs';
import type { Transform } from '../transform';

/** float32's machine epsilon, 2^-23: what torch's `eps[0] = None` means for float32 parameters. */
export const FLOAT32_EPS = 1.1920928955078125e-7;

/** The hyperparameters of {@link scaleByAdafactor}. */
export interface ScaleByAdafactorHyperparameters {
  beta2Decay: number;
  eps: readonly [number, number];
  d: number;
}

const specs = {
  beta2Decay: {
    name: 'beta2Decay',
    type: 'number',
    default: -0.8,
    max: 0,
    description: 'Decay of the second moment: at step t the running averages move by t^beta2Decay.',
  } as Spec<'beta2Decay', 'number'>,
  eps: {
    name: 'eps',
    type: 'numberPair',
    default: [FLOAT32_EPS, 1e-3],
    min: 0,
    description: 'eps1 guards the variance (clamped at eps1^2; null: float32 machine eps), eps2 the parameter RMS in the step size.',
    nullable: true,
  } as Spec<'eps', 'numberPair'>,
  d: { name: 'd', type: 'number', default: 1, min: 0, minExclusive: true, description: 'Clipping threshold: the update is divided by max(1, RMS(update) / d).' } as Spec<'d', 'number'>,
};

/** ones of `shape` for a row or column sum by matmul (freed by the caller). */
function ones(backend: Backend, shape: number[]): Tensor {
  const t = backend.zeros(shape, 'adafactor.ones');
  backend.fill(t, 1);
  return t;
}

/**
 * Adafactor's scaling (Shazeer & Stern, 2018), torch.optim.Adafactor's
 * `_single_tensor_adafactor` (torch >= 2.5). With t the step, beta = t^beta2Decay:
 *   matrices: R <- lerp(R, mean_cols(g^2), beta), C <- lerp(C, mean_rows(g^2), beta)
 *             V = R C / max(mean(R), eps1)     (the factored second moment: rows x 1 and 1 x cols)
 *   vectors:  V <- lerp(V, g^2, beta)
 *   u = g / sqrt(max(V, eps1^2));  alpha = max(eps2, RMS(theta)) min(lr, 1/sqrt(t))
 *   update <- alpha / max(1, RMS(u) / d) * u
 * It reads `lr` (from {@link scaleByLearningRate}, which must follow it) and leaves the update
 * divided by lr, so that a following `addDecayedWeights` decays with lr as torch does
 * (theta <- theta (1 - lr weightDecay), the step size taken from theta before the decay).
 * Tensors of more than 2 dimensions are not supported (torch factors their last two).
 * Buffers `rowVar`, `colVar` (matrices), `variance` (vectors).
 *
 * Options: `beta2Decay` -0.8, `eps` [float32 eps, 1e-3], `d` 1.
 *
 * @example
 * const adafactorLike = chain(scaleByAdafactor(), addDecayedWeights(0), scaleByLearningRate(1e-2));
 */
export function scaleByAdafactor(options?: GivenOptions<ScaleByAdafactorHyperparameters>): Transform<ScaleByAdafactorHyperparameters> {
  return {
    name: 'scaleByAdafactor',
    specs,
    values: given(options),
    buffers: ['rowVar', 'colVar', 'variance'],
    bufferShapes: { rowVar: (s) => [s[0] ?? 1, 1], colVar: (s) => [1, s[1] ?? 1] },
    update({ backend, params }) {
      for (const p of params) {
        const { h, step } = p;
        const lr = (p.h as unknown as { lr: number }).lr;
        const [eps1, eps2] = h.eps;
        const beta = step ** h.beta2Decay;
        const rho = Math.min(lr, 1 / Math.sqrt(step));
        const size = p.param.size;
        const alpha = Math.max(eps2, Math.sqrt(backend.sumSquares(p.param) / size)) * rho;
        const g = p.read();
        const variance = p.temp(0);
        if (p.param.shape.length === 2) {
          const [rows, cols] = p.param.shape as [number, number];
          const square = p.temp(1);
          backend.copy(square, g);
          backend.mul(square, g);
          const rowVar = p.buffer('rowVar');
          const colVar = p.buffer('colVar');
          const rowMean = backend.zeros([rows, 1], 'adafactor.rowMean');
          const colMean = backend.zeros([1, cols], 'adafactor.colMean');
          const onesCols = ones(backend, [cols, 1]);
          const onesRows = ones(backend, [1, rows]);
          try {
            backend.matmul(rowMean, square, onesCols, { alpha: 1 / cols });
            backend.matmul(colMean, onesRows, square, { alpha: 1 / rows });
            backend.lerp(rowVar, rowMean, beta);
            backend.lerp(colVar, colMean, beta);
          } finally {
            for (const t of [rowMean, colMean, onesCols, onesRows]) backend.dispose(t);
          }
          backend.matmul(variance, rowVar, colVar);
          let sum = 0;
          for (const v of backend.read(rowVar)) sum += v;
          backend.scale(variance, 1 / Math.max(sum / rows, eps1));
        } else {
          const v = p.buffer('variance');
          const square = p.temp(1);
          backend.copy(square, g);
          backend.mul(square, g);
          backend.lerp(v, square, beta);
          backend.copy(variance, v);
        }
        backend.clamp(variance, eps1 * eps1, 3.4e38);
        backend.sqrt(variance);
        p.replace(g, 1, variance);
        const u = p.materialize();
        const denom = Math.max(1, Math.sqrt(backend.sumSquares(u) / size) / h.d);
        p.scale(lr === 0 ? 0 : alpha / denom / lr);
      }
    },
  };
}
