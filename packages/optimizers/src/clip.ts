import { DescentError } from '@descent/core';
import type { Tensor } from '@descent/core';
import { checkPositive } from './transforms/clipping';
import type { Grads } from './types';

function list(fn: string, grads: Grads): Tensor[] {
  const present = (xs: ReadonlyArray<Tensor | null | undefined>): Tensor[] => xs.filter((g): g is Tensor => g !== null && g !== undefined);
  if (Array.isArray(grads)) return present(grads as ReadonlyArray<Tensor | null | undefined>);
  if (typeof grads === 'object' && grads !== null) return present(Object.values(grads as Record<string, Tensor | null | undefined>));
  throw new DescentError('INVALID_ARGUMENT', `${fn}: grads must be a record name -> tensor or an array, got ${String(grads)}`);
}

/**
 * Scales the gradients in place so that their global L2 norm is at most `maxNorm`, as
 * torch.nn.utils.clip_grad_norm_ (coefficient maxNorm / (norm + 1e-6), never above 1).
 * Returns the norm before clipping. Optimizers take the same as the `clipGradNorm` option
 * without touching the caller's gradients.
 *
 * @example
 * const norm = clipGradNorm({ w: gw, b: gb }, 1.0);
 */
export function clipGradNorm(grads: Grads, maxNorm: number): number {
  checkPositive('clipGradNorm', 'maxNorm', maxNorm);
  const tensors = list('clipGradNorm', grads);
  const norm = tensors.length === 0 ? 0 : Math.sqrt(tensors[0]!.backend.sumSquares(tensors));
  if (!Number.isFinite(norm)) {
    throw new DescentError('NON_FINITE', `clipGradNorm: the gradients' norm is ${norm}; nothing was scaled`);
  }
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) for (const g of tensors) g.backend.scale(g, coef);
  return norm;
}

/**
 * Clamps every gradient element to [-clipValue, clipValue] in place, as
 * torch.nn.utils.clip_grad_value_.
 *
 * @example
 * clipGradValue([gw, gb], 0.5);
 */
export function clipGradValue(grads: Grads, clipValue: number): void {
  checkPositive('clipGradValue', 'clipValue', clipValue);
  for (const g of list('clipGradValue', grads)) g.backend.clamp(g, -clipValue, clipValue);
}
