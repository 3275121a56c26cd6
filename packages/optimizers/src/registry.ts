import { DescentError } from '@descent/core';
import { adadelta, adadeltaDefinition } from './adadelta';
import { adagrad, adagradDefinition } from './adagrad';
import { adam, adamDefinition } from './adam';
import { adamax, adamaxDefinition } from './adamax';
import { adamw, adamwDefinition } from './adamw';
import { optionSpecs } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { lion, lionDefinition } from './lion';
import { nadam, nadamDefinition } from './nadam';
import type { OptionSpec } from './optionSpec';
import { radam, radamDefinition } from './radam';
import { rmsprop, rmspropDefinition } from './rmsprop';
import { adamwScheduleFree, adamwScheduleFreeDefinition, sgdScheduleFree, sgdScheduleFreeDefinition } from './scheduleFree';
import { sgd, sgdDefinition } from './sgd';
import { muon, muonDefinition } from './muon';
import { adafactor, adafactorDefinition } from './adafactor';
import type { Optimizer, Params } from './types';

/** The algorithms, by registry name. */
export type OptimizerName =
  | 'sgd'
  | 'adagrad'
  | 'rmsprop'
  | 'adam'
  | 'adamw'
  | 'adamax'
  | 'nadam'
  | 'radam'
  | 'adadelta'
  | 'lion'
  | 'adamwScheduleFree'
  | 'sgdScheduleFree'
  | 'muon'
  | 'adafactor';

/**
 * An option read once when the optimizer is built, which picks its rule rather than a
 * hyperparameter of it (no groups, no schedules): `decoupledWeightDecay`, Muon's `variant`
 * and `nsCoefficients`. `numberList` holds `length` numbers.
 */
export interface ConstructionOption {
  readonly name: string;
  readonly type: 'boolean' | 'choice' | 'numberList';
  readonly default: boolean | string | readonly number[];
  /** The allowed values of a `choice`. */
  readonly choices?: readonly string[];
  /** How many numbers a `numberList` holds. */
  readonly length?: number;
  readonly description: string;
}

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
  /** The options read once at construction that pick the rule (see {@link ConstructionOption}); empty for most. */
  readonly construction: ReadonlyArray<ConstructionOption>;
}

type Factory = (params: Params, options?: never) => Optimizer;

const decoupledWeightDecay = (since: string): ConstructionOption => ({
  name: 'decoupledWeightDecay',
  type: 'boolean',
  default: false,
  description: `torch >= ${since}'s decoupled_weight_decay: weightDecay multiplies the parameter by (1 - lr * weightDecay) instead of adding an L2 term.`,
});

const muonConstruction: readonly ConstructionOption[] = [
  {
    name: 'variant',
    type: 'choice',
    default: 'torch',
    choices: ['torch', 'kellerJordan'],
    description: "'torch': torch.optim.Muon (eps clamps the norm); 'kellerJordan': KellerJordan/Muon's SingleDeviceMuon (eps added to the norm, lr 0.02, weightDecay 0).",
  },
  { name: 'nsCoefficients', type: 'numberList', length: 3, default: [3.4445, -4.775, 2.0315], description: 'The Newton-Schulz quintic (a, b, c).' },
];

function entry(definition: OptimizerDefinition, create: Factory, construction: readonly ConstructionOption[] = []): OptimizerEntry {
  const specs = optionSpecs(definition);
  return {
    name: definition.name as OptimizerName,
    title: definition.title,
    create: create as unknown as OptimizerEntry['create'],
    defaults: Object.freeze(Object.fromEntries(specs.map((s) => [s.name, s.default]))),
    options: Object.freeze(specs),
    construction: Object.freeze([...construction]),
  };
}

// The registry is built only in bundles that use it (the annotations let a bundler drop it,
// so `import { adamw }` alone does not keep the other nine algorithms).
function build(): Readonly<Record<OptimizerName, OptimizerEntry>> {
  return Object.freeze({
    sgd: entry(sgdDefinition, sgd as Factory),
    adagrad: entry(adagradDefinition, adagrad as Factory),
    rmsprop: entry(rmspropDefinition, rmsprop as Factory),
    adam: entry(adamDefinition, adam as Factory, [decoupledWeightDecay('2.7')]),
    adamw: entry(adamwDefinition, adamw as Factory),
    adamax: entry(adamaxDefinition, adamax as Factory),
    nadam: entry(nadamDefinition, nadam as Factory, [decoupledWeightDecay('2.1')]),
    radam: entry(radamDefinition, radam as Factory, [decoupledWeightDecay('2.1')]),
    adadelta: entry(adadeltaDefinition, adadelta as Factory),
    lion: entry(lionDefinition, lion as Factory),
    adamwScheduleFree: entry(adamwScheduleFreeDefinition, adamwScheduleFree as Factory),
    sgdScheduleFree: entry(sgdScheduleFreeDefinition, sgdScheduleFree as Factory),
    muon: entry(muonDefinition, muon as Factory, muonConstruction),
    adafactor: entry(adafactorDefinition, adafactor as Factory),
  });
}

/**
 * Every algorithm by name, with its defaults and option descriptions (for UIs and the CLI).
 *
 * @example
 * for (const o of optimizers.adam.options) console.log(o.name, o.default, o.description);
 * const optimizer = optimizers.adamw.create(params, { lr: 1e-3 });
 */
export const optimizers: Readonly<Record<OptimizerName, OptimizerEntry>> = /* @__PURE__ */ build();

/** The registry's names, in a stable order. */
export const optimizerNames: readonly OptimizerName[] = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(optimizers) as OptimizerName[]);

/**
 * Preset names that are not algorithms of their own: each maps to an algorithm and the
 * options it implies (user options override them).
 */
export const optimizerAliases: Readonly<Record<string, readonly [OptimizerName, Readonly<Record<string, unknown>>]>> = /* @__PURE__ */ Object.freeze({
  momentum: ['sgd', { momentum: 0.9 }] as const,
  nesterov: ['sgd', { momentum: 0.9, nesterov: true }] as const,
});

/**
 * Creates an optimizer by registry name or alias (`momentum`, `nesterov`); the name is
 * case-insensitive, so torch's class names work (`'NAdam'`, `'AdamWScheduleFree'`,
 * `'SGDScheduleFree'`, ...). An unknown name throws `NOT_FOUND` listing the valid ones.
 *
 * @example
 * const optimizer = createOptimizer('nesterov', params, { lr: 0.01 });
 */
export function createOptimizer(name: string, params: Params, options: Record<string, unknown> = {}): Optimizer {
  const key = typeof name === 'string' ? name.toLowerCase() : '';
  const alias = optimizerAliases[key];
  if (alias !== undefined) return optimizers[alias[0]].create(params, { ...alias[1], ...options });
  const found = (optimizers as Record<string, OptimizerEntry>)[key] ?? Object.values(optimizers).find((e) => e.name.toLowerCase() === key);
  if (found === undefined) {
    throw new DescentError(
      'NOT_FOUND',
      `createOptimizer: unknown optimizer '${String(name)}', expected one of ${[...optimizerNames, ...Object.keys(optimizerAliases)].join(', ')}`,
    );
  }
  return found.create(params, options);
}
