import { ScheduleError, describeValue } from './errors';
import { checked } from './schedule';
import type { Schedule } from './types';

function check(fn: string, lambda: unknown, initial: unknown): void {
  if (typeof lambda !== 'function') {
    throw new ScheduleError('INVALID_ARGUMENT', `${fn}: lambda must be a function of the step, got ${describeValue(lambda)}`, { details: { field: 'lambda', value: lambda } });
  }
  if (typeof initial !== 'number' || !Number.isFinite(initial)) {
    throw new ScheduleError('INVALID_HYPERPARAMETER', `${fn}: initial must be a finite number, got ${describeValue(initial)}`, { details: { field: 'initial', value: initial } });
  }
}

/**
 * torch `LambdaLR`: `initial * lambda(step)`. A function is not JSON, so this has no spec;
 * write the spec of a known shape where one exists.
 *
 * @param lambda The factor at each step; must be pure for the schedule to be.
 * @param initial The base value. Default 1.
 * @example
 * const lr = lambdaSchedule((step) => 1 / Math.sqrt(step + 1), 0.1);
 */
export function lambdaSchedule(lambda: (step: number) => number, initial = 1): Schedule {
  check('lambdaSchedule', lambda, initial);
  return checked('lambdaSchedule', (step) => initial * lambda(step));
}

/**
 * torch `MultiplicativeLR` with any factor function: `initial * lambda(1) * ... * lambda(step)`
 * (step 0 gives `initial`). Prefix products are cached, so the first call at step `n`
 * costs O(n) and later ones O(1); the values do not depend on the order of calls. A
 * constant factor is the JSON spec `{ type: 'multiplicative', factor }`.
 *
 * @param lambda The factor applied at each step >= 1; must be pure.
 * @param initial The base value. Default 1.
 * @example
 * const lr = multiplicativeLambda((step) => (step < 10 ? 1 : 0.95), 0.1);
 */
export function multiplicativeLambda(lambda: (step: number) => number, initial = 1): Schedule {
  check('multiplicativeLambda', lambda, initial);
  const products: number[] = [initial];
  return checked('multiplicativeLambda', (step) => {
    for (let k = products.length; k <= step; k++) products.push((products[k - 1] as number) * lambda(k));
    return products[step] as number;
  });
}
