import { DescentError } from '@descent/core';

/**
 * Splits `decoupledWeightDecay` off an optimizer's options (torch >= 2.1's
 * `decoupled_weight_decay` for Adam, NAdam and RAdam): the factory picks the decoupled
 * chain when it is true. Anything but a boolean (or absent) is `INVALID_HYPERPARAMETER`.
 *
 * @example
 * const [decoupled, rest] = takeDecoupled('adam', { lr: 1e-3, decoupledWeightDecay: true });
 */
export function takeDecoupled<O extends { decoupledWeightDecay?: boolean }>(fn: string, options: O): [boolean, Omit<O, 'decoupledWeightDecay'>] {
  const { decoupledWeightDecay, ...rest } = (options ?? {}) as O;
  if (decoupledWeightDecay !== undefined && typeof decoupledWeightDecay !== 'boolean') {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: decoupledWeightDecay must be true or false, got ${String(decoupledWeightDecay)}`);
  }
  return [decoupledWeightDecay === true, rest];
}
