import { ScheduleError, describeValue } from './errors';
import { checked } from './schedule';
import type { Schedule } from './types';

function checkStepsPerEpoch(fn: string, stepsPerEpoch: number): void {
  if (typeof stepsPerEpoch !== 'number' || !Number.isInteger(stepsPerEpoch) || stepsPerEpoch <= 0) {
    throw new ScheduleError('INVALID_HYPERPARAMETER', `${fn}: stepsPerEpoch must be a positive integer, got ${describeValue(stepsPerEpoch)}`, {
      details: { field: 'stepsPerEpoch', value: stepsPerEpoch },
    });
  }
}

function checkSchedule(fn: string, schedule: Schedule): void {
  if (typeof schedule !== 'function') {
    throw new ScheduleError('INVALID_ARGUMENT', `${fn}: schedule must be a function of the step, got ${describeValue(schedule)}`, {
      details: { field: 'schedule', value: schedule },
    });
  }
}

/**
 * Uses a schedule defined in epochs once per iteration: the value at iteration `i` is
 * `schedule(floor(i / stepsPerEpoch))`, so it changes only at epoch boundaries (torch's
 * habit of calling `scheduler.step()` once per epoch).
 *
 * @param schedule A schedule whose step is the epoch.
 * @param stepsPerEpoch Iterations per epoch; a positive integer.
 * @example
 * const lr = perIteration(schedule({ type: 'step', stepSize: 5, gamma: 0.5, initial: 0.1 }), 469);
 * lr(469 * 5); // 0.05: the first iteration of epoch 5
 */
export function perIteration(schedule: Schedule, stepsPerEpoch: number): Schedule {
  checkSchedule('perIteration', schedule);
  checkStepsPerEpoch('perIteration', stepsPerEpoch);
  return checked('perIteration', (step) => schedule(Math.floor(step / stepsPerEpoch)));
}

/**
 * The reverse of {@link perIteration}: uses a schedule defined in iterations once per
 * epoch, the value at epoch `e` being the one at its first iteration, `schedule(e * stepsPerEpoch)`.
 *
 * @param schedule A schedule whose step is the iteration.
 * @param stepsPerEpoch Iterations per epoch; a positive integer.
 * @example
 * const byEpoch = perEpoch(schedule({ type: 'cosine', tMax: 4690, initial: 0.1 }), 469);
 * byEpoch(10); // the value at iteration 4690
 */
export function perEpoch(schedule: Schedule, stepsPerEpoch: number): Schedule {
  checkSchedule('perEpoch', schedule);
  checkStepsPerEpoch('perEpoch', stepsPerEpoch);
  return checked('perEpoch', (epoch) => schedule(epoch * stepsPerEpoch));
}
