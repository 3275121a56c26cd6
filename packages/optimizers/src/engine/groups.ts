import { DescentError } from '@descent/core';
import { checkGiven } from '../optionSpec';
import type { OptionSpec } from '../optionSpec';
import type { ParamGroup, ParamSelector } from '../types';
import type { NamedTensor } from './params';
import { selects } from './params';

/**
 * A parameter group: its options as given (numbers or schedules), frozen (the engine resolves
 * constant hyperparameters once: a hyperparameter that varies is a schedule), and its
 * parameters' positions.
 */
export interface Group {
  /** Prefix for messages: `groups[1].`, or '' for the default group. */
  readonly where: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly members: number[];
}

function describeSelector(selector: ParamSelector): string {
  if (selector instanceof RegExp) return String(selector);
  if (typeof selector === 'function') return `the function ${selector.name === '' ? '(anonymous)' : selector.name}`;
  return `[${selector.map((n) => `'${n}'`).join(', ')}]`;
}

/**
 * Splits the parameters into groups: each explicit group takes the parameters its
 * selector picks (first match wins) and overrides `base`; the rest form the default group,
 * listed first. A selector that picks no parameter (or only ones an earlier group took) is
 * an error naming it.
 */
export function buildGroups(
  fn: string,
  specs: readonly OptionSpec[],
  list: readonly NamedTensor[],
  base: Record<string, unknown>,
  given: ReadonlyArray<ParamGroup<unknown>>,
): Group[] {
  const names = specs.map((s) => s.name);
  const explicit = given.map((g, i) => {
    const where = `groups[${i}].`;
    if (typeof g !== 'object' || g === null) throw new DescentError('INVALID_ARGUMENT', `${fn}: groups[${i}] must be an object, got ${String(g)}`);
    const selector = (g as { params: unknown }).params;
    if (!(selector instanceof RegExp) && typeof selector !== 'function' && !(Array.isArray(selector) && selector.every((s) => typeof s === 'string'))) {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: ${where}params must be a list of names, a RegExp or a function, got ${String(selector)}`);
    }
    if (Array.isArray(selector)) {
      const known = new Set(list.map((p) => p.name));
      const unknown = selector.filter((n) => !known.has(n));
      if (unknown.length > 0) throw new DescentError('INVALID_ARGUMENT', `${fn}: ${where}params names unknown parameters: ${unknown.map((n) => `'${n}'`).join(', ')}`);
    }
    const options: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(g)) {
      if (key === 'params') continue;
      const spec = specs.find((s) => s.name === key);
      if (spec === undefined) throw new DescentError('INVALID_ARGUMENT', `${fn}: ${where}${key} is not an option a group can override; expected one of ${names.join(', ')}`);
      checkGiven(fn, spec, value, where);
      options[key] = value;
    }
    return { where, options: Object.freeze(options), members: [] as number[], selector: selector as ParamSelector };
  });
  const fallback: Group = { where: '', options: Object.freeze(base), members: [] };
  for (const [index, { name }] of list.entries()) (explicit.find((g) => selects(g.selector, name)) ?? fallback).members.push(index);
  for (const g of explicit) {
    if (g.members.length === 0) {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: ${g.where}params ${describeSelector(g.selector)} selects no parameter (of ${list.map((p) => `'${p.name}'`).join(', ')}, after earlier groups)`, {
        details: { group: g.where.slice(0, -1) },
      });
    }
  }
  const groups: Group[] = explicit.map(({ where, options, members }) => ({ where, options, members }));
  return fallback.members.length > 0 ? [fallback, ...groups] : groups;
}
