import { inputError } from '../inputError';
import { parseOptimizerSpec } from './optimizerSpec';
import type { SettingSpec } from './settingSpecs';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function number(command: string, spec: SettingSpec, text: string, what = 'a number'): number {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) throw inputError(command, spec.flag, what, text);
  return Number(trimmed);
}

function integer(command: string, spec: SettingSpec, text: string): number {
  const value = number(command, spec, text, 'an integer');
  if (!Number.isInteger(value)) throw inputError(command, spec.flag, 'an integer', text);
  if (spec.min !== undefined && value < spec.min) throw inputError(command, spec.flag, `an integer >= ${spec.min}`, text);
  return value;
}

/**
 * Reads one value of a setting from its flag text: numbers in plain or exponent notation
 * (`1e-3`), integers, booleans (`true`/`false`, `yes`/`no`, `1`/`0`), comma lists
 * (`--hidden 200,100`), pairs (`--betas 0.9,0.999`), choices, optimizer specs
 * (`adam:lr=0.1,betas=0.9,0.999`, see {@link parseOptimizerSpec}). Integers are checked against
 * the setting's minimum; optimizer options are checked later, against the chosen optimizer's
 * own limits.
 *
 * @example
 * parseSetting('train', settingSpecs.get('betas')!, '0.9,0.999'); // [0.9, 0.999]
 * @throws DescentError `INVALID_ARGUMENT` naming the flag, e.g. `train: --lr must be a number, got 'abc'`
 */
export function parseSetting(command: string, spec: SettingSpec, text: string): unknown {
  switch (spec.kind) {
    case 'string':
      if (text.trim() === '') throw inputError(command, spec.flag, 'a non-empty value', text);
      return text.trim();
    case 'number':
      return number(command, spec, text);
    case 'integer':
      return integer(command, spec, text);
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (['true', 'yes', '1', 'on'].includes(t)) return true;
      if (['false', 'no', '0', 'off'].includes(t)) return false;
      throw inputError(command, spec.flag, 'true or false', text);
    }
    case 'choice': {
      const t = text.trim();
      if (!(spec.choices ?? []).includes(t)) throw inputError(command, spec.flag, `one of ${(spec.choices ?? []).join(', ')}`, text);
      return t;
    }
    case 'integerList': {
      const parts = text.split(',');
      if (parts.some((p) => p.trim() === '')) throw inputError(command, spec.flag, 'a comma list of positive integers such as 200 or 200,100', text);
      return parts.map((p) => {
        const v = Number(p.trim());
        if (!NUMBER.test(p.trim()) || !Number.isInteger(v) || v < (spec.min ?? -Infinity)) throw inputError(command, spec.flag, 'a comma list of positive integers such as 200 or 200,100', text);
        return v;
      });
    }
    case 'optimizerSpec':
      return parseOptimizerSpec(text);
    case 'numberPair': {
      const parts = text.split(',');
      if (parts.length !== 2 || !parts.every((p) => NUMBER.test(p.trim()))) throw inputError(command, spec.flag, 'two numbers such as 0.9,0.999', text);
      return parts.map((p) => Number(p.trim()));
    }
  }
}

/**
 * Splits a flag's text into its alternatives for a sweep: commas for plain settings
 * (`--lr 0.01,0.1`), `/` for settings whose values are lists themselves
 * (`--hidden 200/100,100`, `--betas 0.9,0.999/0.8,0.99`, `--schedule step:5:0.5/cosine:10`).
 *
 * @example
 * splitAlternatives(settingSpecs.get('lr')!, '0.01,0.1'); // ['0.01', '0.1']
 */
export function splitAlternatives(spec: SettingSpec, text: string): string[] {
  return text.split(spec.listValued ? '/' : ',');
}
