import { DescentError, describeValue } from '@descent/core';
import { optimizerNames } from '@descent/optimizers';
import type { ResolvedTrainConfig, TrainConfig } from '../types';

const OP = 'resolveTrainConfig';

/** Every field of a {@link TrainConfig} and its default. */
export const trainConfigDefaults: Readonly<ResolvedTrainConfig> = Object.freeze({
  hidden: [200],
  optimizer: 'sgd',
  optimizerOptions: {},
  schedule: null,
  scheduleUnit: 'epoch',
  epochs: 1,
  batchSize: 64,
  seed: 0,
  classes: 10,
  evalBatchSize: 1000,
  syncEvery: 16,
  dataset: '',
});

function fail(field: string, expected: string, actual: unknown): never {
  throw new DescentError('INVALID_ARGUMENT', `${OP}: ${field} must be ${expected}, got ${describe(actual)}`, {
    details: { field, expected, actual },
  });
}

/** Values in messages: `@descent/core`'s one style. */
const describe = describeValue;

function integer(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(field, `an integer >= ${min}`, value);
  return value;
}

function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isJson);
  return false;
}

/**
 * Validates a {@link TrainConfig} and fills in its defaults (see {@link trainConfigDefaults}):
 * `hidden` [200], `optimizer` 'sgd', `optimizerOptions` {}, `schedule` null, `scheduleUnit`
 * 'epoch', `epochs` 1, `batchSize` 64, `seed` 0, `classes` 10, `evalBatchSize` 1000,
 * `syncEvery` 16, `dataset` ''. The optimizer's own options and the schedule are checked
 * when the {@link Trainer} builds them.
 *
 * @example
 * resolveTrainConfig({ optimizerOptions: { lr: 0.1 }, epochs: 2 }).batchSize; // 64
 * @throws DescentError `INVALID_ARGUMENT` naming the field (unknown fields and optimizers list the valid ones)
 */
export function resolveTrainConfig(config: TrainConfig = {}): ResolvedTrainConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) fail('config', 'an object', config);
  const known = Object.keys(trainConfigDefaults);
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) fail(key, `a known field (one of ${known.join(', ')})`, 'an unknown field');
  }
  const c = { ...trainConfigDefaults, ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) } as ResolvedTrainConfig;
  if (!Array.isArray(c.hidden) || !c.hidden.every((h) => Number.isInteger(h) && h > 0)) fail('hidden', 'a list of positive integers', c.hidden);
  const names = optimizerNames as readonly string[];
  if (typeof c.optimizer !== 'string' || !names.includes(c.optimizer)) fail('optimizer', `one of ${names.join(', ')}`, c.optimizer);
  if (c.optimizerOptions === null || typeof c.optimizerOptions !== 'object' || Array.isArray(c.optimizerOptions) || !isJson(c.optimizerOptions)) {
    fail('optimizerOptions', 'an object of JSON values (numbers, booleans, strings, arrays)', c.optimizerOptions);
  }
  const lr = c.optimizerOptions.lr;
  if (lr !== undefined && (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0)) fail('optimizerOptions.lr', 'a finite number >= 0', lr);
  if (c.schedule !== null && typeof c.schedule !== 'string' && (typeof c.schedule !== 'object' || Array.isArray(c.schedule) || !isJson(c.schedule))) {
    fail('schedule', 'a schedule spec object, its text (JSON or short form such as step:5:0.5) or null', c.schedule);
  }
  if (c.scheduleUnit !== 'epoch' && c.scheduleUnit !== 'step') fail('scheduleUnit', "'epoch' or 'step'", c.scheduleUnit);
  integer('epochs', c.epochs, 1);
  integer('batchSize', c.batchSize, 1);
  if (typeof c.seed !== 'number' || !Number.isFinite(c.seed)) fail('seed', 'a finite number', c.seed);
  integer('classes', c.classes, 2);
  integer('evalBatchSize', c.evalBatchSize, 1);
  integer('syncEvery', c.syncEvery, 1);
  if (typeof c.dataset !== 'string') fail('dataset', 'a string', c.dataset);
  // A deep copy, so that later changes to the caller's objects do not reach the run.
  return JSON.parse(JSON.stringify(c)) as ResolvedTrainConfig;
}
