import { DescentError } from '@descent/core';
import type { OptionSpec } from './optionSpec';

/** Option specs shared by several transforms (torch names, camelCase). */

/** A spec of a known name and type (what a {@link SpecTable} entry must be). */
export type Spec<N extends string, T extends OptionSpec['type']> = OptionSpec & { readonly name: N; readonly type: T };

/** `lr`: a learning rate >= 0 with the given default. */
export const lrSpec = (value: number): Spec<'lr', 'number'> => ({ name: 'lr', type: 'number', default: value, min: 0, description: 'Learning rate.' });

/** `weightDecay` >= 0: an L2 penalty, or decoupled decay (AdamW, Lion). */
export const weightDecaySpec = (value: number, decoupled = false): Spec<'weightDecay', 'number'> => ({
  name: 'weightDecay',
  type: 'number',
  default: value,
  min: 0,
  description: decoupled
    ? 'Decoupled weight decay: the parameter is multiplied by (1 - lr * weightDecay) before the update.'
    : 'L2 penalty: weightDecay * parameter is added to the gradient.',
});

/** `eps` > 0. */
export const epsSpec = (value: number, description = 'Term added to the denominator for numerical stability.'): Spec<'eps', 'number'> => ({
  name: 'eps',
  type: 'number',
  default: value,
  min: 0,
  minExclusive: true,
  description,
});

/** `betas`: a pair, each in [0, 1). */
export const betasSpec = (
  value: readonly [number, number],
  description = 'Decay rates of the running averages of the gradient and of its square.',
): Spec<'betas', 'numberPair'> => ({
  name: 'betas',
  type: 'numberPair',
  default: value,
  min: 0,
  max: 1,
  maxExclusive: true,
  description,
});

/** `maximize`: ascend instead of descend. */
export const maximizeSpec: Spec<'maximize', 'boolean'> = { name: 'maximize', type: 'boolean', default: false, description: 'Maximise the objective instead of minimising it.' };

/** `amsgrad`: Adam's running maximum of the second moment. */
export const amsgradSpec: Spec<'amsgrad', 'boolean'> = {
  name: 'amsgrad',
  type: 'boolean',
  default: false,
  description: 'Use the running maximum of the second moment (AMSGrad, Reddi et al. 2018).',
};

/** `epsPlacement`: torch's sqrt(v) + eps or the lecture's sqrt(v + eps). */
export const epsPlacementSpec: Spec<'epsPlacement', 'choice'> = {
  name: 'epsPlacement',
  type: 'choice',
  default: 'torch',
  choices: ['torch', 'lecture'],
  description: "Where eps goes: 'torch' adds it after the square root, sqrt(v) + eps; 'lecture' inside it, sqrt(v + eps).",
};

/** `momentum` >= 0. */
export const momentumSpec = (description: string): Spec<'momentum', 'number'> => ({ name: 'momentum', type: 'number', default: 0, min: 0, description });

/** Where eps goes in a denominator: torch's sqrt(v) + eps, or the lecture's sqrt(v + eps). */
export type EpsPlacement = 'torch' | 'lecture';

/** Throws `INVALID_HYPERPARAMETER` with the usual message shape. */
export function invalidHyperparameter(fn: string, message: string, details?: Record<string, unknown>): never {
  throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: ${message}`, details === undefined ? undefined : { details });
}
