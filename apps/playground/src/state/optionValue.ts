/** The description of one optimizer option, as `@descent/optimizers` publishes it. */
export interface OptionDescriptor {
  readonly name: string;
  readonly type: 'number' | 'boolean' | 'numberPair' | 'choice';
  readonly default: number | boolean | readonly [number, number] | string;
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly choices?: readonly string[];
  readonly description: string;
}

/** A constant option value as the playground holds it. */
export type OptionValue = number | boolean | string | readonly [number, number];

function inRange(value: number, spec: OptionDescriptor): boolean {
  if (!Number.isFinite(value)) return false;
  if (spec.min !== undefined && (spec.minExclusive === true ? value <= spec.min : value < spec.min)) return false;
  if (spec.max !== undefined && (spec.maxExclusive === true ? value >= spec.max : value > spec.max)) return false;
  return true;
}

/** Text for a URL: numbers in their shortest round-tripping form, pairs as `a,b`. */
export function formatOptionValue(value: OptionValue): string {
  if (Array.isArray(value)) return `${String(value[0])},${String(value[1])}`;
  return String(value);
}

/**
 * Reads an option value from URL text against its descriptor; returns `undefined` when the
 * text is not a valid value (wrong type, out of range, unknown choice).
 */
export function parseOptionValue(text: string, spec: OptionDescriptor): OptionValue | undefined {
  const trimmed = text.trim();
  const number = (t: string): number => (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t.trim()) ? Number(t) : NaN);
  switch (spec.type) {
    case 'number': {
      const v = number(trimmed);
      return inRange(v, spec) ? v : undefined;
    }
    case 'boolean':
      if (trimmed === 'true' || trimmed === '1') return true;
      if (trimmed === 'false' || trimmed === '0') return false;
      return undefined;
    case 'numberPair': {
      const parts = trimmed.split(',');
      if (parts.length !== 2) return undefined;
      const a = number(parts[0] ?? '');
      const b = number(parts[1] ?? '');
      return inRange(a, spec) && inRange(b, spec) ? [a, b] : undefined;
    }
    case 'choice':
      return (spec.choices ?? []).includes(trimmed) ? trimmed : undefined;
  }
}

/** True when a value (from a control) is acceptable for the descriptor. */
export function isValidOptionValue(value: unknown, spec: OptionDescriptor): value is OptionValue {
  switch (spec.type) {
    case 'number':
      return typeof value === 'number' && inRange(value, spec);
    case 'boolean':
      return typeof value === 'boolean';
    case 'numberPair':
      return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && inRange(v, spec));
    case 'choice':
      return typeof value === 'string' && (spec.choices ?? []).includes(value);
  }
}

/** Deep equality for option values (pairs compared elementwise). */
export function sameOptionValue(a: OptionValue, b: OptionValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a[0] === b[0] && a[1] === b[1];
  return a === b;
}
