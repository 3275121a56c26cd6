import { DescentError } from '@descent/core';

/** An option's type, as `@descent/optimizers` describes it. */
export interface OptionShape {
  readonly name: string;
  readonly type: 'number' | 'boolean' | 'numberPair' | 'choice';
  readonly choices?: readonly string[];
}

/** One racer as the command line gives it: `adam:lr=0.1,betas=0.9/0.999`. */
export interface OptimizerSpec {
  /** The optimizer's name as typed (an alias such as `momentum` is kept). */
  name: string;
  /** Options typed after the optimizer's descriptors. */
  options: Record<string, number | boolean | string | [number, number]>;
  /** The label in the legend and leaderboard: `label=...` if given, else the spec text. */
  label: string;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

function bad(spec: string, what: string): never {
  throw new DescentError('INVALID_ARGUMENT', `parseOptimizerSpec: in '${spec}', ${what}`, { details: { spec } });
}

function parseNumber(spec: string, key: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) bad(spec, `${key} must be a finite number, got '${text}'`);
  return value;
}

/**
 * Parses a racer's spec, `NAME[:KEY=VALUE,...]`, typing each value after the optimizer's
 * option descriptors: numbers (`lr=1e-2`), booleans (`nesterov=true`), pairs
 * (`betas=0.9/0.999` or `betas=[0.9,0.999]`) and choices. `label=TEXT` names the racer.
 *
 * @param spec - the text after `--optimizer`.
 * @param describe - the option descriptors of an optimizer name, or undefined for an unknown name.
 * @param names - the known names, for the error message.
 * @throws DescentError `INVALID_ARGUMENT` for an unknown optimizer or option, or a malformed value.
 * @example
 * parseOptimizerSpec('momentum:lr=0.01,momentum=0.9', describe, names);
 * // { name: 'momentum', options: { lr: 0.01, momentum: 0.9 }, label: 'momentum lr=0.01 momentum=0.9' }
 */
export function parseOptimizerSpec(
  spec: string,
  describe: (name: string) => readonly OptionShape[] | undefined,
  names: readonly string[],
): OptimizerSpec {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const shapes = describe(name);
  if (shapes === undefined) bad(spec, `unknown optimizer '${name}', expected one of ${names.join(', ')}`);
  const options: OptimizerSpec['options'] = {};
  let label: string | undefined;
  if (colon >= 0 && spec.slice(colon + 1).trim() === '') bad(spec, `expected KEY=VALUE options after '${name}:', got none (drop the ':' for the defaults)`);
  for (const part of colon < 0 ? [] : splitTopLevel(spec.slice(colon + 1))) {
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
        const inner = text.replace(/^[[(]|[\])]$/g, '');
        const pair = inner.split(/[/,]/);
        if (pair.length !== 2) bad(spec, `${key} must be a pair A/B or [A,B], got '${text}'`);
        options[key] = [parseNumber(spec, `${key}[0]`, pair[0]!), parseNumber(spec, `${key}[1]`, pair[1]!)];
        break;
      }
    }
  }
  const shown = Object.entries(options).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : String(v)}`);
  return { name, options, label: label ?? [name, ...shown].join(' ') };
}
