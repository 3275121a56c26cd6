import { DescentError } from '@descent/core';
import type { Hyperparameter } from './types';

/**
 * The description of one option of an optimizer: enough for validation, for a UI to draw
 * a control, and for a CLI to parse a flag. `numberPair` is torch's `betas`; `choice`
 * holds one of `choices` (e.g. `epsPlacement`).
 */
export interface OptionSpec {
  readonly name: string;
  readonly type: 'number' | 'boolean' | 'numberPair' | 'choice';
  readonly default: number | boolean | readonly [number, number] | string;
  /** Smallest allowed value (each element for a pair). */
  readonly min?: number;
  /** Largest allowed value (each element for a pair). */
  readonly max?: number;
  /** True when `min` itself is not allowed (e.g. `eps > 0`). */
  readonly minExclusive?: boolean;
  /** True when `max` itself is not allowed (e.g. `betas` in [0, 1)). */
  readonly maxExclusive?: boolean;
  /** The allowed values of a `choice`. */
  readonly choices?: readonly string[];
  /** False for numbers read once (e.g. `initialAccumulatorValue`), which cannot be schedules. */
  readonly schedulable?: boolean;
  /** For a `numberPair`: its first element may be null (Adafactor's `eps[0]`, null meaning float32's machine epsilon). */
  readonly nullable?: boolean;
  readonly description: string;
}

/** Resolved values of a group's options at one step: numbers, booleans, pairs, choices. */
export type Resolved = Record<string, number | boolean | string | readonly [number, number]>;

/** The spec `type` that describes a resolved value of type `V`. */
export type SpecType<V> = [V] extends [boolean] ? 'boolean' : [V] extends [number] ? 'number' : [V] extends [readonly [number, number]] ? 'numberPair' : 'choice';

/**
 * The specs of a transform's hyperparameters `H` (their resolved types), one per key, each
 * named after its key and of the matching `type`: the compiler checks that a transform
 * declares every hyperparameter it reads, so rules read `h.lr` as a number without casts.
 */
export type SpecTable<H> = { readonly [K in keyof H & string]: OptionSpec & { readonly name: K; readonly type: SpecType<H[K]> } };

/** What a user may give for a hyperparameter resolved as `V`: numbers may be schedules. */
export type Given<V> = [V] extends [number] ? Hyperparameter : [V] extends [readonly [number, number]] ? readonly [Hyperparameter, Hyperparameter] : V;

/** Given values for some of `H`'s hyperparameters. */
export type GivenOptions<H> = { readonly [K in keyof H]?: Given<H[K]> };

/** A hyperparameter's value at `step`: the constant, or the schedule called with `step`. */
export function resolveHyperparameter(value: Hyperparameter, step: number): number {
  return typeof value === 'function' ? value(step) : value;
}

function rangeText(spec: OptionSpec): string {
  const lo = spec.min === undefined ? '(-inf' : `${spec.minExclusive === true ? '(' : '['}${spec.min}`;
  const hi = spec.max === undefined ? 'inf)' : `${spec.max}${spec.maxExclusive === true ? ')' : ']'}`;
  return `${lo}, ${hi}`;
}

/** Throws `INVALID_HYPERPARAMETER` unless `value` is a finite number in the spec's range. */
export function checkNumber(fn: string, label: string, value: unknown, spec: OptionSpec): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: ${label} must be a finite number, got ${String(value)}`, {
      details: { option: label, actual: value },
    });
  }
  const low = spec.min !== undefined && (spec.minExclusive === true ? value <= spec.min : value < spec.min);
  const high = spec.max !== undefined && (spec.maxExclusive === true ? value >= spec.max : value > spec.max);
  if (low || high) {
    const expected =
      spec.max === undefined && spec.min !== undefined
        ? `${spec.minExclusive === true ? '>' : '>='} ${spec.min}`
        : `in ${rangeText(spec)}`;
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: ${label} must be ${expected}, got ${value}`, {
      details: { option: label, actual: value, min: spec.min, max: spec.max },
    });
  }
  return value;
}

function isHyperparameter(value: unknown): value is Hyperparameter {
  return typeof value === 'number' || typeof value === 'function';
}

/**
 * Checks the shape of an option as given (constants fully, schedules only for being
 * functions) so that a bad option fails at construction.
 */
export function checkGiven(fn: string, spec: OptionSpec, value: unknown, where: string): void {
  const label = `${where}${spec.name}`;
  const bad = (expected: string): never => {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: ${label} must be ${expected}, got ${describe(value)}`, {
      details: { option: spec.name, actual: describe(value) },
    });
  };
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') bad('a boolean');
      return;
    case 'choice':
      if (typeof value !== 'string' || !(spec.choices ?? []).includes(value)) bad(`one of ${(spec.choices ?? []).map((c) => `'${c}'`).join(', ')}`);
      return;
    case 'number':
      if (spec.schedulable === false ? typeof value !== 'number' : !isHyperparameter(value)) bad(spec.schedulable === false ? 'a number' : 'a number or a schedule (step) => number');
      if (typeof value === 'number') checkNumber(fn, label, value, spec);
      return;
    case 'numberPair': {
      if (!Array.isArray(value) || value.length !== 2 || !value.every(isHyperparameter)) bad('a pair [number, number] (each may be a schedule)');
      const pair = value as Hyperparameter[];
      pair.forEach((v, i) => {
        if (typeof v === 'number') checkNumber(fn, `${label}[${i}]`, v, spec);
      });
      return;
    }
  }
}

/** Evaluates every option of a group at `step` and checks each value against its spec. */
export function resolveOptions(fn: string, specs: readonly OptionSpec[], given: Readonly<Record<string, unknown>>, step: number, where: string): Resolved {
  const out: Resolved = {};
  for (const spec of specs) {
    const value = given[spec.name];
    const label = `${where}${spec.name}`;
    if (spec.type === 'number') {
      out[spec.name] = checkNumber(fn, label, resolveHyperparameter(value as Hyperparameter, step), spec);
    } else if (spec.type === 'numberPair') {
      const [a, b] = value as readonly [Hyperparameter, Hyperparameter];
      out[spec.name] = [
        checkNumber(fn, `${label}[0]`, resolveHyperparameter(a, step), spec),
        checkNumber(fn, `${label}[1]`, resolveHyperparameter(b, step), spec),
      ];
    } else {
      out[spec.name] = value as boolean | string;
    }
  }
  return out;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}
