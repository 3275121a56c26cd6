import { DescentError } from '@descent/core';
import { adadelta, adadeltaRule } from './adadelta';
import { adagrad, adagradRule } from './adagrad';
import { adam, adamRule } from './adam';
import { adamax, adamaxRule } from './adamax';
import { adamw } from './adamw';
import { lion, lionRule } from './lion';
import { nadam, nadamRule } from './nadam';
import type { OptionSpec } from './option-spec';
import { radam, radamRule } from './radam';
import type { Rule } from './rule';
import { rmsprop, rmspropRule } from './rmsprop';
import { sgd, sgdRule } from './sgd';
import type { Optimizer, Params } from './types';

/** The algorithms, by registry name. */
export type OptimizerName = 'sgd' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw' | 'adamax' | 'nadam' | 'radam' | 'adadelta' | 'lion';

/** A registry entry: enough for a UI to draw controls and for a CLI to parse flags. */
export interface OptimizerEntry {
  readonly name: OptimizerName;
  /** A short human title, e.g. `AdamW`. */
  readonly title: string;
  readonly create: (params: Params, options?: Record<string, unknown>) => Optimizer;
  /** Each option's default, by name. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Each hyperparameter's description: type, default, range. `choice` options list their `choices`. */
  readonly options: ReadonlyArray<OptionSpec>;
}

type Factory = (params: Params, options?: never) => Optimizer;

function entry(name: OptimizerName, title: string, create: Factory, rule: Rule): OptimizerEntry {
  return {
    name,
    title,
    create: create as unknown as OptimizerEntry['create'],
    defaults: Object.freeze(Object.fromEntries(rule.specs.map((s) => [s.name, s.default]))),
    options: Object.freeze([...rule.specs]),
  };
}

/**
 * Every algorithm by name, with its defaults and option descriptions (for UIs and the CLI).
 *
 * @example
 * for (const o of optimizers.adam.options) console.log(o.name, o.default, o.description);
 * const optimizer = optimizers.adamw.create(params, { lr: 1e-3 });
 */
export const optimizers: Readonly<Record<OptimizerName, OptimizerEntry>> = Object.freeze({
  sgd: entry('sgd', 'SGD', sgd as Factory, sgdRule),
  adagrad: entry('adagrad', 'Adagrad', adagrad as Factory, adagradRule),
  rmsprop: entry('rmsprop', 'RMSprop', rmsprop as Factory, rmspropRule),
  adam: entry('adam', 'Adam', adam as Factory, adamRule(false)),
  adamw: entry('adamw', 'AdamW', adamw as Factory, adamRule(true)),
  adamax: entry('adamax', 'Adamax', adamax as Factory, adamaxRule),
  nadam: entry('nadam', 'NAdam', nadam as Factory, nadamRule),
  radam: entry('radam', 'RAdam', radam as Factory, radamRule),
  adadelta: entry('adadelta', 'Adadelta', adadelta as Factory, adadeltaRule),
  lion: entry('lion', 'Lion', lion as Factory, lionRule),
});

/** The registry's names, in a stable order. */
export const optimizerNames: readonly OptimizerName[] = Object.freeze(Object.keys(optimizers) as OptimizerName[]);

/**
 * Preset names that are not algorithms of their own: each maps to an algorithm and the
 * options it implies (user options override them).
 */
export const optimizerAliases: Readonly<Record<string, readonly [OptimizerName, Readonly<Record<string, unknown>>]>> = Object.freeze({
  momentum: ['sgd', { momentum: 0.9 }] as const,
  nesterov: ['sgd', { momentum: 0.9, nesterov: true }] as const,
});

/**
 * Creates an optimizer by registry name or alias (`momentum`, `nesterov`); the name is
 * case-insensitive. An unknown name throws `NOT_FOUND` listing the valid ones.
 *
 * @example
 * const optimizer = createOptimizer('nesterov', params, { lr: 0.01 });
 */
export function createOptimizer(name: string, params: Params, options: Record<string, unknown> = {}): Optimizer {
  const key = typeof name === 'string' ? name.toLowerCase() : '';
  const alias = optimizerAliases[key];
  if (alias !== undefined) return optimizers[alias[0]].create(params, { ...alias[1], ...options });
  const found = (optimizers as Record<string, OptimizerEntry>)[key];
  if (found === undefined) {
    throw new DescentError(
      'NOT_FOUND',
      `createOptimizer: unknown optimizer '${String(name)}', expected one of ${[...optimizerNames, ...Object.keys(optimizerAliases)].join(', ')}`,
    );
  }
  return found.create(params, options);
}
