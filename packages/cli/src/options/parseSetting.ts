import { inputError } from '../inputError';
import { parseOptimizerSpec } from './optimizerSpec';
import type { SettingSpec } from './settingSpecs';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function number(command: string, spec: SettingSpec, text: string, what = 'a number'): number {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) throw inputError(command, spec.flag, what, text);
  const value = Number(trimmed);
  // 1e400 reads as Infinity: say what was typed, not what it became.
  if (!Number.isFinite(value)) throw inputError(command, spec.flag, `a finite ${what.replace(/^an? /, '')}`, text);
  return value;
}

/** The range of an integer setting: its own bounds, within the safe integers (2^53 - 1: above, integers lose their last digits). */
export function integerRange(spec: Pick<SettingSpec, 'min' | 'max'>): [number, number] {
  return [spec.min ?? 0, Math.min(spec.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)];
}

function integer(command: string, spec: SettingSpec, text: string): number {
  const value = number(command, spec, text, 'an integer');
  const [low, high] = integerRange(spec);
  if (!Number.isSafeInteger(value) && Number.isInteger(value)) throw inputError(command, spec.flag, `an integer in [${low}, ${high}]`, text);
  if (!Number.isInteger(value)) throw inputError(command, spec.flag, 'an integer', text);
  if (value < low || value > high) throw inputError(command, spec.flag, `an integer in [${low}, ${high}]`, text);
  return value;
}

/**
 * Reads one value of a setting from its flag text: numbers in plain or exponent notation
 * (`1e-3`), integers, booleans (`true`/`false`, `yes`/`no`, `1`/`0`), comma lists
 * (`--hidden 200,100`), pairs (`--betas 0.9,0.999`), choices, optimizer specs
 * (`adam:lr=0.1,betas=0.9,0.999`, see {@link parseOptimizerSpec}). Numbers must be finite;
 * integers are checked against the setting's bounds and the safe integers (`--seed 1e300` is
 * refused, not rounded); optimizer options are checked later, against the chosen optimizer's
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
      const [low, high] = integerRange(spec);
      const expected = `a comma list of at most ${spec.maxLength ?? Infinity} layer widths, each in [${low}, ${high}], such as 200 or 200,100`;
      if (parts.some((p) => p.trim() === '') || parts.length > (spec.maxLength ?? Infinity)) throw inputError(command, spec.flag, expected, text);
      return parts.map((p) => {
        const v = Number(p.trim());
        if (!NUMBER.test(p.trim()) || !Number.isInteger(v) || v < low || v > high) throw inputError(command, spec.flag, expected, text);
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
 * (`--hidden 200/100,100`, `--betas 0.9,0.999/0.8,0.99`, `--schedule step:5:0.5/cosine:10`),
 * and for `--optimizer` once an alternative has options (`sgd,adam`, but
 * `muon:lr=0.02,adamw.lr=1e-3/adamw:lr=1e-3`).
 *
 * @example
 * splitAlternatives(settingSpecs.get('lr')!, '0.01,0.1'); // ['0.01', '0.1']
 */
export function splitAlternatives(spec: SettingSpec, text: string): string[] {
  if (spec.optimizerSpec === true) return text.split(text.includes(':') ? '/' : ',');
  return text.split(spec.listValued ? '/' : ',');
}
