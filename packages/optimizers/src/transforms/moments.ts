import type { Backend, Tensor } from '@descent/core';
import type { ParamUpdate } from '../transform';

/**
 * Adam's two running moments of the gradient `g`, updated in place as torch does
 * (`exp_avg.lerp_(grad, 1 - beta1)`, `exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)`):
 * m <- m + (1 - beta1) (g - m), v <- beta2 v + (1 - beta2) g^2, in the buffers `expAvg` and
 * `expAvgSq`. Shared by Adam, NAdam and RAdam, which differ only in what they do with them.
 *
 * @example
 * const { m, v } = updateMoments(backend, p, p.read(), beta1, beta2);
 */
export function updateMoments(backend: Backend, p: ParamUpdate<unknown>, g: Tensor, beta1: number, beta2: number): { m: Tensor; v: Tensor } {
  const m = p.buffer('expAvg');
  const v = p.buffer('expAvgSq');
  backend.lerp(m, g, 1 - beta1);
  backend.scale(v, beta2);
  backend.addcmul(v, g, g, 1 - beta2);
  return { m, v };
}
