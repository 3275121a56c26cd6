import { createOptimizer, muonWithAdamw, muonWithAdamwPart } from '@descent/optimizers';
import type { Optimizer } from '@descent/optimizers';
import type { Tensor } from '@descent/core';

/** torch.optim.AdamW's default lr, the AdamW side's when none is given. */
const ADAMW_LR = 1e-3;

/** A learning rate as the trainer hands it over: a number or a schedule of the step. */
export type LearningRate = number | ((step: number) => number);

/**
 * The optimizer a run trains with: `createOptimizer(name, params, options)` of
 * `@descent/optimizers`, except `muon`, which trains a model with biases as
 * `muonWithAdamw`: Muon for the 2-D weight matrices, AdamW (`options.adamw`: `lr`, `betas`,
 * `eps`, `weightDecay`, `amsgrad`, `maximize`; torch.optim.AdamW's defaults) for every
 * other parameter. `lr` replaces `options.lr` (a schedule from `buildLearningRate`); with a
 * schedule, the AdamW side's lr follows it in proportion, `adamw.lr * lr(step) / options.lr`.
 *
 * @example
 * const optimizer = createTrainOptimizer('muon', mlp.params, { lr: 0.02, adamw: { lr: 1e-3 } });
 * @throws DescentError from the optimizer for an unknown name or a bad option
 */
export function createTrainOptimizer(name: string, params: Readonly<Record<string, Tensor>>, options: Readonly<Record<string, unknown>>, lr?: LearningRate): Optimizer {
  const given: Record<string, unknown> = { ...options, ...(lr === undefined ? {} : { lr }) };
  if (name.toLowerCase() !== 'muon') return createOptimizer(name, params, given);
  const side = options.adamw ?? {};
  const isObject = side !== null && typeof side === 'object' && !Array.isArray(side);
  if (isObject && typeof lr === 'function' && typeof options.lr === 'number') {
    const base = options.lr;
    const own = (side as Record<string, unknown>).lr;
    const start = typeof own === 'number' ? own : ADAMW_LR;
    given.adamw = { ...side, lr: (step: number) => (base === 0 ? 0 : (start * lr(step)) / base) };
  }
  return muonWithAdamw(params, given as never);
}

/**
 * Which parameters each part of a split optimizer updates, by part (`{ muon: [...],
 * adamw: [...] }` for `muon`, see {@link createTrainOptimizer}), or null for an optimizer
 * that updates them all with one rule. Empty parts are left out.
 *
 * @example
 * trainOptimizerParts('muon', mlp.params); // { muon: ['fc1.weight', 'fc2.weight'], adamw: ['fc1.bias', 'fc2.bias'] }
 */
export function trainOptimizerParts(name: string, params: Readonly<Record<string, Tensor>>): Record<string, string[]> | null {
  if (name.toLowerCase() !== 'muon') return null;
  const parts: Record<string, string[]> = {};
  for (const [key, tensor] of Object.entries(params)) (parts[muonWithAdamwPart(key, tensor)] ??= []).push(key);
  return parts;
}
