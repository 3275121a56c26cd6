import { DescentError, rethrowIn } from '@descent/core';
import { parseSchedule, perIteration, schedule } from '@descent/schedulers';
import type { ResolvedTrainConfig } from '../types';

/**
 * The `lr` handed to the optimizer: the configured number, or the configured schedule
 * (with that number as its `initial`) as a function of the optimizer's step; a schedule in
 * epochs is stretched over `stepsPerEpoch` steps (`perIteration`). `undefined` leaves the
 * optimizer's default.
 *
 * @example
 * buildLearningRate(resolveTrainConfig({ optimizerOptions: { lr: 0.1 }, schedule: 'step:5:0.5' }), 938)?.(938 * 5); // 0.05
 */
export function buildLearningRate(config: ResolvedTrainConfig, stepsPerEpoch: number): number | ((step: number) => number) | undefined {
  const lr = config.optimizerOptions.lr as number | undefined;
  if (config.schedule === null) return lr;
  if (lr === undefined) {
    throw new DescentError('INVALID_ARGUMENT', 'Trainer: a schedule needs optimizerOptions.lr as its initial value, got no lr', {
      details: { field: 'optimizerOptions.lr' },
    });
  }
  try {
    const text = typeof config.schedule === 'string' ? config.schedule : JSON.stringify(config.schedule);
    const fn = schedule(parseSchedule(text, { initial: lr }));
    return config.scheduleUnit === 'epoch' ? perIteration(fn, stepsPerEpoch) : fn;
  } catch (error) {
    throw rethrowIn('Trainer: schedule', error, 'INVALID_SCHEDULE', { field: 'schedule' });
  }
}
