import type { Backend, Tensor } from '@descent/core';
import type { ParamUpdate } from '../transform';

/**
 * Adam's two running moments of the update `g = p.read()`, updated in place as torch does
 * (`exp_avg.lerp_(grad, 1 - beta1)`, `exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)`):
 * m <- m + (1 - beta1) (g - m), v <- beta2 v + (1 - beta2) g^2, in the buffers `expAvg` and
 * `expAvgSq`, with `betas` from the parameter's hyperparameters. Shared by Adam, NAdam and
 * RAdam, which differ only in what they do with them.
 *
 * @example
 * const { g, m, v, beta1, beta2 } = updateMoments(backend, p);
 */
export function updateMoments(
  backend: Backend,
  p: ParamUpdate<{ readonly betas: readonly [number, number] }>,
): { g: Tensor; m: Tensor; v: Tensor; beta1: number; beta2: number } {
  const [beta1, beta2] = p.h.betas;
  const g = p.read();
  const m = p.buffer('expAvg');
  const v = p.buffer('expAvgSq');
  backend.lerp(m, g, 1 - beta1);
  backend.scale(v, beta2);
  backend.addcmul(v, g, g, 1 - beta2);
  return { g, m, v, beta1, beta2 };
}
