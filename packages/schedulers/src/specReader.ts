import { ScheduleError, describeValue } from './errors';

/** Range constraints of a numeric field; every bound is optional. */
export interface NumberRule {
  /** Required when there is no default. */
  default?: number;
  integer?: boolean;
  /** Lower bound, inclusive unless `minExclusive`. */
  min?: number;
  minExclusive?: boolean;
  /** Upper bound, inclusive unless `maxExclusive`. */
  max?: number;
  maxExclusive?: boolean;
}

/** Says what a rule expects, in words: `a positive integer`, `a number in (0, 1]`. */
export function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  const { min, max } = rule;
  if (min !== undefined && max !== undefined) {
    return `${kind} in ${rule.minExclusive ? '(' : '['}${min}, ${max}${rule.maxExclusive ? ')' : ']'}`;
  }
  if (min === 0) {
    if (rule.minExclusive) return rule.integer ? 'a positive integer' : 'a number > 0';
    return rule.integer ? 'an integer >= 0' : 'a number >= 0';
  }
  if (min !== undefined) return `${kind} ${rule.minExclusive ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} ${rule.maxExclusive ? '<' : '<='} ${max}`;
  return rule.integer ? 'an integer' : 'a finite number';
}

/** True when `value` is a finite number satisfying `rule`. */
export function satisfies(value: number, rule: NumberRule): boolean {
  if (!Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.min !== undefined && (rule.minExclusive ? !(value > rule.min) : !(value >= rule.min))) return false;
  if (rule.max !== undefined && (rule.maxExclusive ? !(value < rule.max) : !(value <= rule.max))) return false;
  return true;
}

/**
 * Reads and validates the fields of one spec object, naming each field by its path in
 * errors (`schedule: sequence.schedules[1].tMax must be a positive integer, got 0`), and
 * rejects fields it was never asked for (typos such as `stepsize`).
 */
export class SpecReader {
  private readonly used = new Set<string>(['type']);

  constructor(
    /** The public function whose name starts error messages. */
    readonly fn: string,
    /** The spec's path: its type at the top level, `sequence.schedules[1]` when nested. */
    readonly path: string,
    readonly spec: Readonly<Record<string, unknown>>,
  ) {}

  /** Throws a {@link ScheduleError} about `field` (a name relative to this spec). */
  fail(code: 'INVALID_SCHEDULE' | 'INVALID_HYPERPARAMETER', field: string, expected: string, value: unknown, note = ''): never {
    const path = `${this.path}.${field}`;
    throw new ScheduleError(code, `${this.fn}: ${path} must be ${expected}, got ${describeValue(value)}${note}`, {
      details: { field: path, value },
    });
  }

  /** A hint for a missing field spelt in another case (`stepsize` for `stepSize`). */
  private hint(name: string): string {
    const near = Object.keys(this.spec).find((k) => k !== name && k.toLowerCase() === name.toLowerCase());
    return near === undefined ? '' : ` (${this.path}.${near} is not a field: did you mean ${name}?)`;
  }

  /** True when the spec has `name` (not undefined). */
  has(name: string): boolean {
    return this.spec[name] !== undefined;
  }

  /** A numeric field, checked against `rule`; the rule's default when absent, an error when absent without one. */
  number(name: string, rule: NumberRule = {}): number {
    this.used.add(name);
    const value = this.spec[name];
    if (value === undefined) {
      if (rule.default !== undefined) return rule.default;
      this.fail('INVALID_SCHEDULE', name, `given (${describeRule(rule)})`, value, this.hint(name));
    }
    if (typeof value !== 'number') this.fail('INVALID_SCHEDULE', name, describeRule(rule), value);
    if (!satisfies(value, rule)) this.fail('INVALID_HYPERPARAMETER', name, describeRule(rule), value);
    return value;
  }

  /** A numeric field that may be absent (undefined), checked against `rule` when present. */
  optionalNumber(name: string, rule: NumberRule = {}): number | undefined {
    this.used.add(name);
    return this.spec[name] === undefined ? undefined : this.number(name, rule);
  }

  /** A field that must be one of `allowed`. */
  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    this.used.add(name);
    const value = this.spec[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail('INVALID_HYPERPARAMETER', name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
    }
    return value as T;
  }

  /** A boolean field. */
  boolean(name: string, fallback: boolean): boolean {
    this.used.add(name);
    const value = this.spec[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail('INVALID_SCHEDULE', name, 'true or false', value);
    return value;
  }

  /** A required list of integers `> 0`, strictly increasing, of length `length` when given. */
  milestones(name: string, length?: number): number[] {
    this.used.add(name);
    const value = this.spec[name];
    if (!Array.isArray(value)) this.fail('INVALID_SCHEDULE', name, 'an array of positive integers', value);
    if (length !== undefined && value.length !== length) {
      this.fail('INVALID_SCHEDULE', name, `an array of ${length} step${length === 1 ? '' : 's'} (one fewer than schedules)`, value);
    }
    value.forEach((m: unknown, i) => {
      if (typeof m !== 'number' || !satisfies(m, { integer: true, min: 0, minExclusive: true })) {
        this.fail(typeof m === 'number' ? 'INVALID_HYPERPARAMETER' : 'INVALID_SCHEDULE', `${name}[${i}]`, 'a positive integer', m);
      }
      if (i > 0 && !(m > (value[i - 1] as number))) {
        this.fail('INVALID_HYPERPARAMETER', `${name}[${i}]`, `greater than ${name}[${i - 1}] = ${value[i - 1] as number} (milestones strictly increasing)`, m);
      }
    });
    return (value as number[]).slice();
  }

  /** A required non-empty list of nested specs; returns them with their paths. */
  specs(name: string): Array<{ spec: unknown; path: string }> {
    this.used.add(name);
    const value = this.spec[name];
    if (!Array.isArray(value) || value.length === 0) this.fail('INVALID_SCHEDULE', name, 'a non-empty array of schedule specs', value);
    return value.map((spec: unknown, i) => ({ spec, path: `${this.path}.${name}[${i}]` }));
  }

  /** Rejects every field that was not read. Call last. */
  finish(): void {
    for (const key of Object.keys(this.spec)) {
      if (!this.used.has(key) && this.spec[key] !== undefined) {
        const known = [...this.used].filter((k) => k !== 'type').join(', ');
        throw new ScheduleError('INVALID_SCHEDULE', `${this.fn}: ${this.path}.${key} is not a field of ${String(this.spec.type)} (fields: ${known || 'none'})`, {
          details: { field: `${this.path}.${key}`, value: this.spec[key] },
        });
      }
    }
  }
}
