import { availableParallelism } from 'node:os';
import { inputError } from '../inputError';

/**
 * The worker threads of a sweep: `--workers` when given (an integer >= 1), else one per
 * core (`os.availableParallelism()`). The pool never has more workers than runs.
 *
 * @example
 * workerCount('sweep', undefined); // 2 on a 2-core machine
 * @throws DescentError `INVALID_ARGUMENT` for a count that is not an integer >= 1
 */
export function workerCount(command: string, workers: number | undefined): number {
  if (workers === undefined) return availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw inputError(command, '--workers', 'an integer >= 1', workers);
  return workers;
}
