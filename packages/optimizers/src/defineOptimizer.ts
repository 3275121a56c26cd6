import { fromTransform } from './engine/fromTransform';
import type { OptionSpec } from './optionSpec';
import type { FusedKernel, Transform } from './transform';
import type { Optimizer, Params } from './types';

/**
 * A built-in optimizer: its name and title, the chain of transforms it is, the options
 * users see (in the order UIs list them) and the fused kernels its chain may be matched to.
 * Adding an algorithm is one such definition (plus its registry line and tests).
 *
 * @example
 * export const signSgdDefinition: OptimizerDefinition = {
 *   name: 'signsgd', title: 'signSGD', options: ['lr'],
 *   transform: () => chain(scaleBySign(), scaleByLearningRate(1e-3)),
 * };
 * export const signSgd = (params: Params, options = {}) => createFromDefinition(signSgdDefinition, params, options);
 */
export interface OptimizerDefinition {
  readonly name: string;
  /** A short human title, e.g. `AdamW`. */
  readonly title: string;
  /** The hyperparameters users may set (and groups override), in display order; the chain's others keep their defaults. */
  readonly options: readonly string[];
  /** The chain at its defaults (the optimizer's options replace them by name). */
  transform(): Transform<object>;
  /** Fused kernels the chain may run as (on a backend with `hostMemory`). */
  readonly kernels?: readonly FusedKernel[];
}

/**
 * The optimizer a definition describes, over `params` with `options` (hyperparameters by
 * name and the {@link CommonOptions}).
 *
 * @example
 * const optimizer = createFromDefinition(adamDefinition, { w }, { lr: 3e-4 });
 */
export function createFromDefinition(definition: OptimizerDefinition, params: Params, options: object = {}): Optimizer {
  return fromTransform(definition.transform(), params, {
    ...(options as Record<string, unknown>),
    name: definition.name,
    kernels: definition.kernels ?? [],
    hyperparameters: definition.options,
  });
}

/**
 * The option specs users see, in display order, each with its default as the chain sets it
 * (e.g. AdamW's `weightDecay` 1e-2).
 *
 * @example
 * for (const spec of optionSpecs(adamwDefinition)) console.log(spec.name, spec.default);
 */
export function optionSpecs(definition: OptimizerDefinition): OptionSpec[] {
  const t = definition.transform();
  const specs = t.specs as Readonly<Record<string, OptionSpec>>;
  const values = t.values as Readonly<Record<string, unknown>>;
  return definition.options.map((name) => {
    const spec = specs[name]!;
    const value = values[name];
    const constant = typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'number'));
    return constant ? { ...spec, default: value as OptionSpec['default'] } : spec;
  });
}
