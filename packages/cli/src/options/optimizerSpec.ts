import { DescentError } from '@descent/core';
import { FLOAT32_EPS, muonAdamwSideOptionNames, optimizerAliases, optimizerNames, optimizers } from '@descent/optimizers';
import type { ConstructionOption, OptionSpec } from '@descent/optimizers';
import { racerEntry } from '@descent/race';
import type { Racer } from '@descent/race';

/** One optimizer as the command line gives it: `adam:lr=0.1,betas=0.9,0.999`; a `Racer` of `@descent/race`. */
export interface OptimizerSpec extends Racer {
  /** The optimizer's name as typed (an alias such as `momentum` is kept). */
  name: string;
  /**
   * Options typed after the optimizer's descriptors; Muon's `adamw.KEY` options (its AdamW
   * side in `descent train`, see `muonWithAdamw`) are gathered under `adamw`.
   */
  options: Record<string, SpecValue | Record<string, SpecValue>>;
  /** The label in legends and tables: `label=...` if given, else the spec text. */
  label: string;
}

/** One typed value of a spec. */
export type SpecValue = number | boolean | string | [number, number] | [number | null, number] | number[];

/** A key a spec may give: an option, a construction option, or Muon's AdamW side. */
type KeySpec = (OptionSpec | ConstructionOption) & { readonly key: string };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Every key `NAME:KEY=VALUE` accepts for an optimizer of the registry: its options, its
 * construction options (`decoupledWeightDecay`, Muon's `variant`, `nsCoefficients`), and for
 * `muon` the AdamW side's `adamw.lr`, `adamw.betas`, ... (what `descent train` gives biases).
 *
 * @example
 * specKeys('adafactor').map((k) => k.key); // ['lr', 'beta2Decay', 'eps', 'd', 'weightDecay', 'maximize']
 */
export function specKeys(algorithm: string): KeySpec[] {
  const entry = optimizers[algorithm as keyof typeof optimizers];
  if (entry === undefined) return [];
  const keys: KeySpec[] = [...entry.options, ...entry.construction].map((s) => ({ ...s, key: s.name }));
  if (algorithm === 'muon') {
    for (const name of muonAdamwSideOptionNames) {
      const spec = optimizers.adamw.options.find((s) => s.name === name)!;
      keys.push({ ...spec, key: `adamw.${name}`, description: `AdamW side (biases and other non-matrix parameters): ${spec.description}` });
    }
  }
  return keys;
}

function bad(spec: string, what: string): never {
  throw new DescentError('INVALID_ARGUMENT', `parseOptimizerSpec: in '${spec}', ${what}`, { details: { spec } });
}

function parseNumber(spec: string, key: string, text: string): number {
  const value = Number(text);
  if (!NUMBER.test(text.trim()) || !Number.isFinite(value)) bad(spec, `${key} must be a finite number, got '${text}'`);
  return value;
}

/** Splits `KEY=VALUE,...` at the commas outside brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

/** Every name `--optimizer` accepts: the registry's algorithms and its aliases (`momentum`, `nesterov`). */
export function optimizerSpecNames(): string[] {
  return [...optimizerNames, ...Object.keys(optimizerAliases)];
}

/**
 * Parses an optimizer spec, `NAME[:KEY=VALUE,...]`, against the `@descent/optimizers`
 * registry, typing each value after the optimizer's option descriptors: numbers
 * (`lr=1e-2`), booleans (`nesterov=true`), choices, and pairs written as everywhere else in
 * descent, two numbers and a comma: `betas=0.9,0.999` (or bracketed, `betas=[0.9,0.999]`).
 * A bare number after a pair's first one is its second: there is no other way to read it,
 * since every option is `KEY=VALUE`. Every option of the optimizer can be given (see
 * {@link specKeys}): its hyperparameters, its construction options (`decoupledWeightDecay`,
 * Muon's `variant` and `nsCoefficients=3.4445,-4.775,2.0315`), Adafactor's
 * `eps=null,0.001` (null: float32's machine epsilon) and Muon's AdamW side
 * (`adamw.lr=1e-3`). `label=TEXT` names the racer. `/` is not a pair
 * separator anywhere (it separates a sweep's alternatives).
 *
 * @param spec - the text after `--optimizer`.
 * @throws DescentError `INVALID_ARGUMENT` for an unknown optimizer or option, or a malformed value.
 * @example
 * parseOptimizerSpec('momentum:lr=0.01,momentum=0.9');
 * // { name: 'momentum', options: { lr: 0.01, momentum: 0.9 }, label: 'momentum lr=0.01 momentum=0.9' }
 * parseOptimizerSpec('adam:betas=0.8,0.99,lr=0.1').options; // { betas: [0.8, 0.99], lr: 0.1 }
 */
export function parseOptimizerSpec(spec: string): OptimizerSpec {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const found = racerEntry(name);
  if (found === undefined) bad(spec, `unknown optimizer '${name}', expected one of ${optimizerSpecNames().join(', ')}`);
  const shapes = specKeys(found.entry.name);
  const options: OptimizerSpec['options'] = {};
  const side = (): Record<string, SpecValue> => (options.adamw ??= {}) as Record<string, SpecValue>;
  let label: string | undefined;
  if (colon >= 0 && spec.slice(colon + 1).trim() === '') bad(spec, `expected KEY=VALUE options after '${name}:', got none (drop the ':' for the defaults)`);
  const items = colon < 0 ? [] : splitTopLevel(spec.slice(colon + 1));
  for (let i = 0; i < items.length; i++) {
    const part = items[i] as string;
    if (part === '') bad(spec, 'expected KEY=VALUE between commas, got an empty item');
    const eq = part.indexOf('=');
    if (eq <= 0) bad(spec, `expected KEY=VALUE, got '${part}'`);
    const key = part.slice(0, eq).trim();
    const text = part.slice(eq + 1).trim();
    if (key === 'label') {
      if (text === '') bad(spec, 'label must not be empty');
      if (label !== undefined) bad(spec, `option 'label' given twice`);
      label = text;
      continue;
    }
    const shape = shapes.find((s) => s.key === key);
    if (shape === undefined) bad(spec, `unknown option '${key}' for ${name}, expected one of ${[...shapes.map((s) => s.key), 'label'].join(', ')}`);
    const [target, field] = key.startsWith('adamw.') ? [side(), key.slice('adamw.'.length)] : [options, key];
    if (field in target) bad(spec, `option '${key}' given twice`);
    switch (shape.type) {
      case 'number':
        target[field] = parseNumber(spec, key, text);
        break;
      case 'boolean':
        if (text !== 'true' && text !== 'false') bad(spec, `${key} must be true or false, got '${text}'`);
        target[field] = text === 'true';
        break;
      case 'choice':
        if (!(shape.choices ?? []).includes(text)) bad(spec, `${key} must be one of ${(shape.choices ?? []).join(', ')}, got '${text}'`);
        target[field] = text;
        break;
      case 'numberPair':
      case 'numberList': {
        const length = shape.type === 'numberPair' ? 2 : (shape as ConstructionOption).length ?? 2;
        const nullable = shape.type === 'numberPair' && (shape as OptionSpec).nullable === true;
        const sample = shape.type === 'numberPair' ? (nullable ? 'null,0.001' : '0.9,0.999') : (shape.default as number[]).join(',');
        let list: string[];
        if (text.startsWith('[')) list = text.replace(/^\[|\]$/g, '').split(',');
        else {
          // `betas=0.9,0.999`: the following numbers are the next items.
          list = [text];
          while (list.length < length && items[i + 1] !== undefined && !items[i + 1]!.includes('=')) list.push(items[++i]!);
        }
        const words = length === 2 ? 'two numbers A,B' : `${length} numbers`;
        if (list.length !== length) bad(spec, `${key} must be ${words} such as ${key}=${sample} (or [${sample}]), got '${list.join(',')}'`);
        target[field] = list.map((v, j) => (nullable && j === 0 && v.trim() === 'null' ? null : parseNumber(spec, `${key}[${j}]`, v))) as SpecValue;
        break;
      }
    }
  }
  const show = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(',') : String(v));
  const shown = Object.entries(options).flatMap(([k, v]) =>
    k === 'adamw' && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).map(([f, x]) => `adamw.${f}=${show(x)}`) : [`${k}=${show(v)}`],
  );
  return { name, options, label: label ?? [name, ...shown].join(' ') };
}

/** A key's default as the spec writes it: `eps=null,0.001` for Adafactor, choices listed. */
function defaultText(key: KeySpec): string {
  const value = key.default;
  if (Array.isArray(value)) {
    const shown = (value as number[]).map((v, i) => (i === 0 && key.type === 'numberPair' && (key as OptionSpec).nullable === true && v === FLOAT32_EPS ? 'null' : String(v)));
    return shown.join(',');
  }
  return key.type === 'choice' ? [String(value), ...(key.choices ?? []).filter((c) => c !== value)].join('|') : String(value);
}

/**
 * The help of `--optimizer NAME:KEY=VALUE,...`, made from the optimizer registry's option
 * specs (one source with the flags and the playground): every optimizer with every key it
 * accepts and its default, wrapped at `width` columns.
 *
 * @example
 * optimizerSpecHelp().split('\n')[0]; // 'Optimizer specs: --optimizer NAME:KEY=VALUE,... sets any option ...'
 */
export function optimizerSpecHelp(width = 100): string {
  const lines = [
    'Optimizer specs: --optimizer NAME:KEY=VALUE,... sets any option by its torch name (defaults shown;',
    'pairs and lists as A,B; choices as a|b, the default first), e.g. --optimizer adafactor:eps=null,1e-3,d=2:',
  ];
  const pad = 21;
  for (const name of optimizerNames) {
    const words = specKeys(name).map((k) => `${k.key}=${defaultText(k)}`);
    let line = `  ${name.padEnd(pad - 2)}`;
    for (const word of words) {
      if (line.length + word.length + 1 > width && line.trim() !== name) {
        lines.push(line.trimEnd());
        line = ' '.repeat(pad);
      }
      line += `${word} `;
    }
    lines.push(line.trimEnd());
  }
  lines.push(`  ${'momentum, nesterov'.padEnd(pad - 2)}sgd with momentum=0.9 (and nesterov=true)`);
  lines.push('muon in train and sweep: Muon for the 2-D weight matrices, AdamW (adamw.KEY) for biases.');
  return lines.join('\n');
}

/**
 * The line `descent train` prints for a split optimizer: which parameters each part updates.
 *
 * @example
 * optimizerPartsLine({ muon: ['fc1.weight'], adamw: ['fc1.bias'] }); // 'optimizer parts: muon fc1.weight; adamw fc1.bias'
 */
export function optimizerPartsLine(parts: Readonly<Record<string, readonly string[]>>): string {
  return `optimizer parts: ${Object.entries(parts).map(([part, names]) => `${part} ${names.join(', ')}`).join('; ')}`;
}
