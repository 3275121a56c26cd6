import { DescentError } from '@descent/core';

/**
 * The optimizer's options as a `tf.serialization` config value. Functions (schedules,
 * predicate selectors) cannot be saved: they are written as `{ $function: path }` and come
 * back missing. RegExps and non-finite numbers are tagged.
 *
 * The whole thing is one JSON string with every `_` escaped as `\u005f`: tfjs-layers runs
 * every string of a loaded training config through its snake_case-to-camelCase converter,
 * which would turn a group's `dense_Dense1/bias` into `denseDense1/bias`.
 */
export function encodeOptions(options: Record<string, unknown>): string {
  return JSON.stringify(encode(options, '')).replace(/_/g, '\\u005f');
}

/** The inverse of {@link encodeOptions}: the options, and the paths of the functions that were lost. */
export function decodeOptions(fn: string, text: unknown): { options: Record<string, unknown>; missing: string[] } {
  if (typeof text !== 'string') {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: config.options must be the JSON string getConfig() wrote, got ${typeof text}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: config.options is not valid JSON`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: config.options must encode an object`);
  }
  const missing: string[] = [];
  return { options: decode(parsed, missing) as Record<string, unknown>, missing };
}

function encode(value: unknown, path: string): unknown {
  if (typeof value === 'function') return { $function: path };
  if (value instanceof RegExp) return { $regexp: value.source, flags: value.flags };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  if (Array.isArray(value)) return value.map((v, i) => encode(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, path === '' ? k : `${path}.${k}`)]));
  }
  return value;
}

function decode(value: unknown, missing: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => decode(v, missing));
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.$function === 'string') {
      missing.push(record.$function);
      return undefined;
    }
    if (typeof record.$regexp === 'string') return new RegExp(record.$regexp, typeof record.flags === 'string' ? record.flags : '');
    if (typeof record.$number === 'string') return Number(record.$number);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
      const d = decode(v, missing);
      if (d !== undefined) out[k] = d;
    }
    return out;
  }
  return value;
}
