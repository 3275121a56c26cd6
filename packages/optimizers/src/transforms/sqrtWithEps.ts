import type { Backend, Tensor } from '@descent/core';
import type { EpsPlacement } from '../specs';

/**
 * The denominator of RMSprop and Adagrad, in place: `d <- sqrt(d) + eps` (torch) or
 * `d <- sqrt(d + eps)` (`'lecture'`, as the course notes write it).
 *
 * @example
 * sqrtWithEps(backend, denominator, 1e-10, 'torch');
 */
export function sqrtWithEps(backend: Backend, d: Tensor, eps: number, placement: EpsPlacement): void {
  if (placement === 'lecture') {
    backend.addScalar(d, eps);
    backend.sqrt(d);
  } else {
    backend.sqrt(d);
    backend.addScalar(d, eps);
  }
}
