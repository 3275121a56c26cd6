import { DescentError } from '@descent/core';
import { checkNumber } from '../optionSpec';
import type { OptionSpec } from '../optionSpec';
import type { FusedKernel } from '../transform';
import type { ParamGroup } from '../types';
import type { MissingGrad } from './params';

/** The options every optimizer takes besides its hyperparameters. */
export const COMMON_KEYS: readonly string[] = ['groups', 'clipGradNorm', 'clipGradValue', 'accumulate', 'nonFinite', 'missingGrad', 'telemetry', 'fused', 'simd'];

/** Options of {@link fromTransform} that only it takes. */
export const ENGINE_KEYS: readonly string[] = ['name', 'kernels', 'hyperparameters'];

/** The common options, checked. */
export interface CheckedCommon {
  groups: ReadonlyArray<ParamGroup<unknown>>;
  clipGradNorm: number | undefined;
  clipGradValue: number | undefined;
  accumulate: number;
  nonFinite: 'throw' | 'skip';
  missingGrad: MissingGrad;
  telemetry: boolean;
  fused: boolean;
  simd: boolean;
  kernels: readonly FusedKernel[];
}

const positive: OptionSpec = { name: '', type: 'number', default: 1, min: 0, minExclusive: true, description: '' };

function choice<T extends string>(fn: string, key: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) throw new DescentError('INVALID_ARGUMENT', `${fn}: ${key} must be ${choices.map((c) => `'${c}'`).join(' or ')}, got ${String(value)}`);
  return value as T;
}

/** Checks the options' keys (hyperparameters `names` or common ones) and the common options' values. */
export function checkCommon(fn: string, names: readonly string[], options: Record<string, unknown>): CheckedCommon {
  if (typeof options !== 'object' || options === null) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: options must be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!names.includes(key) && !COMMON_KEYS.includes(key) && !ENGINE_KEYS.includes(key)) {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: unknown option '${key}', expected one of ${[...names, ...COMMON_KEYS].join(', ')}`);
    }
  }
  const clipGradNorm = options.clipGradNorm === undefined ? undefined : checkNumber(fn, 'clipGradNorm', options.clipGradNorm, positive);
  const clipGradValue = options.clipGradValue === undefined ? undefined : checkNumber(fn, 'clipGradValue', options.clipGradValue, positive);
  const accumulate = options.accumulate ?? 1;
  if (typeof accumulate !== 'number' || !Number.isInteger(accumulate) || accumulate < 1) {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: accumulate must be an integer >= 1, got ${String(accumulate)}`);
  }
  for (const key of ['telemetry', 'fused', 'simd'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: ${key} must be a boolean, got ${String(options[key])}`);
    }
  }
  const groups = options.groups ?? [];
  if (!Array.isArray(groups)) throw new DescentError('INVALID_ARGUMENT', `${fn}: groups must be an array, got ${String(groups)}`);
  const kernels = options.kernels ?? [];
  if (!Array.isArray(kernels) || !kernels.every((k) => typeof k === 'object' && k !== null && typeof (k as FusedKernel).match === 'function')) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: kernels must be a list of fused kernels (adamKernel, sgdKernel), got ${String(kernels)}`);
  }
  return {
    groups: groups as ReadonlyArray<ParamGroup<unknown>>,
    clipGradNorm,
    clipGradValue,
    accumulate,
    nonFinite: choice(fn, 'nonFinite', options.nonFinite, ['throw', 'skip'], 'throw'),
    missingGrad: choice(fn, 'missingGrad', options.missingGrad, ['skip', 'throw'], 'skip'),
    telemetry: options.telemetry === true,
    fused: options.fused !== false,
    simd: options.simd !== false,
    kernels: kernels as FusedKernel[],
  };
}
