import { DescentError } from '@descent/core';
import type { CpuTensor } from '@descent/core';
import { createOptimizer, optimizerAliases, optimizers } from '@descent/optimizers';
import type { Optimizer, OptimizerEntry } from '@descent/optimizers';
import { parseSchedule, schedule } from '@descent/schedulers';
import type { Racer } from './raceTypes';

/**
 * The shape of a racer's point: a 1 x 2 matrix. Every elementwise rule moves it as it would
 * a vector of 2; Muon, which takes only matrices, orthogonalises its 1 x 2 momentum, which
 * for one row means normalising it: Muon's step on a surface has the length lr (times
 * Newton-Schulz's approximate singular value) in the direction of its Nesterov momentum.
 *
 * @example
 * cpu.fromArray([x, y], RACER_SHAPE, 'xy');
 */
export const RACER_SHAPE: readonly [number, number] = Object.freeze([1, 2]) as readonly [number, number];

/**
 * Optimizers whose update is not elementwise: Muon orthogonalises the whole matrix, Adafactor
 * scales by the parameter's RMS and clips by the update's. A basin map, which runs every
 * start as one parameter, cannot run them.
 */
export const NOT_ELEMENTWISE: ReadonlySet<string> = new Set(['muon', 'adafactor']);

/**
 * The registry entry behind a racer's name: the algorithm itself, or the one an alias
 * (`momentum`, `nesterov`) stands for, with the options the alias implies.
 *
 * @example
 * racerEntry('nesterov'); // { entry: optimizers.sgd, implied: { momentum: 0.9, nesterov: true } }
 */
export function racerEntry(name: string): { entry: OptimizerEntry; implied: Readonly<Record<string, unknown>> } | undefined {
  const key = name.toLowerCase();
  const alias = optimizerAliases[key];
  if (alias !== undefined) return { entry: optimizers[alias[0]], implied: alias[1] };
  // Case-insensitive, as createOptimizer: `adamwScheduleFree`, `AdamWScheduleFree`, `NAdam`.
  const entry = (optimizers as Record<string, OptimizerEntry | undefined>)[key] ?? Object.values(optimizers).find((e) => e.name.toLowerCase() === key);
  return entry === undefined ? undefined : { entry, implied: {} };
}

/**
 * The options a racer's optimizer is built with: its own, with the lr replaced by the
 * schedule (a function of the step, starting from the racer's lr or the optimizer's default)
 * when it has one.
 *
 * @throws the scheduler's error for a bad schedule, `NOT_FOUND` for an unknown optimizer.
 * @example
 * racerOptions({ name: 'sgd', options: { lr: 0.1 }, label: 'SGD', schedule: 'step:10:0.5' }).lr; // (step) => ...
 */
export function racerOptions(racer: Racer): Record<string, unknown> {
  const options: Record<string, unknown> = { ...racer.options };
  const text = racer.schedule ?? '';
  if (text === '') return options;
  const found = racerEntry(racer.name);
  if (found === undefined) return options;
  const lr = typeof options.lr === 'number' ? options.lr : (found.implied.lr ?? found.entry.defaults.lr);
  if (typeof lr !== 'number') throw new DescentError('INVALID_ARGUMENT', `createRacer: ${racer.name} has no lr to schedule`);
  const fn = schedule(parseSchedule(text, { initial: lr }));
  const first = fn(0);
  if (!Number.isFinite(first)) throw new DescentError('INVALID_ARGUMENT', `createRacer: schedule '${text}' gives ${first} at step 0`);
  options.lr = fn;
  return options;
}

/**
 * Builds a racer's optimizer over `params` through the `@descent/optimizers` registry,
 * which validates every option.
 *
 * @throws DescentError `NOT_FOUND` for an unknown name, `INVALID_HYPERPARAMETER` for a bad option, the scheduler's error for a bad schedule.
 * @example
 * const optimizer = createRacer({ name: 'momentum', options: { lr: 0.01 }, label: 'Momentum' }, { xy });
 */
export function createRacer(racer: Racer, params: Record<string, CpuTensor>): Optimizer {
  return createOptimizer(racer.name, params, racerOptions(racer));
}
