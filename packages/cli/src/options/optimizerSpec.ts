import { DescentError } from '@descent/core';
import { optimizerAliases, optimizerNames } from '@descent/optimizers';
import { racerEntry } from '@descent/race';
import type { Racer } from '@descent/race';

/** One optimizer as the command line gives it: `adam:lr=0.1,betas=0.9,0.999`; a {@link Racer} of `@descent/race`. */
export interface OptimizerSpec extends Racer {
  /** The optimizer's name as typed (an alias such as `momentum` is kept). */
  name: string;
  /** Options typed after the optimizer's descriptors. */
  options: Record<string, number | boolean | string | [number, number]>;
  /** The label in legends and tables: `label=...` if given, else the spec text. */
  label: string;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

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
 * since every option is `KEY=VALUE`. `label=TEXT` names the racer. `/` is not a pair
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
  const shapes = found.entry.options;
  const options: OptimizerSpec['options'] = {};
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
    const shape = shapes.find((s) => s.name === key);
    if (shape === undefined) bad(spec, `unknown option '${key}' for ${name}, expected one of ${[...shapes.map((s) => s.name), 'label'].join(', ')}`);
    if (key in options) bad(spec, `option '${key}' given twice`);
    switch (shape.type) {
      case 'number':
        options[key] = parseNumber(spec, key, text);
        break;
      case 'boolean':
        if (text !== 'true' && text !== 'false') bad(spec, `${key} must be true or false, got '${text}'`);
        options[key] = text === 'true';
        break;
      case 'choice':
        if (!(shape.choices ?? []).includes(text)) bad(spec, `${key} must be one of ${(shape.choices ?? []).join(', ')}, got '${text}'`);
        options[key] = text;
        break;
      case 'numberPair': {
        let pair: string[];
        if (text.startsWith('[')) pair = text.replace(/^\[|\]$/g, '').split(',');
        else {
          // `betas=0.9,0.999`: the second number is the next item.
          const next = items[i + 1];
          pair = next !== undefined && !next.includes('=') ? [text, next] : [text];
          if (pair.length === 2) i++;
        }
        if (pair.length !== 2) bad(spec, `${key} must be two numbers A,B such as ${key}=0.9,0.999 (or [0.9,0.999]), got '${text}'`);
        options[key] = [parseNumber(spec, `${key}[0]`, pair[0] as string), parseNumber(spec, `${key}[1]`, pair[1] as string)];
        break;
      }
    }
  }
  const shown = Object.entries(options).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
  return { name, options, label: label ?? [name, ...shown].join(' ') };
}
