/**
 * What `descent` exits with. Scripts may rely on these; they never change meaning.
 *
 * - `ok` 0: the command did what was asked (a sweep where some runs diverged is still 0:
 *   divergence is a result, reported in the summary).
 * - `failed` 1: the run failed or diverged (`train`), every run diverged or a run crashed (`sweep`, `lecture`).
 * - `badInput` 2: bad flags, config, schedule, dataset, output folder (or one in use by another run), missing MNIST package.
 * - `interrupted` 130: stopped by Ctrl-C (SIGINT) after writing a checkpoint (128 + SIGINT's 2).
 */
export const exitCodes = Object.freeze({ ok: 0, failed: 1, badInput: 2, interrupted: 130 });

/** Error codes of `DescentError` (and schedulers' `ScheduleError`) that mean the user's input was wrong. */
const BAD_INPUT_CODES = new Set([
  'INVALID_ARGUMENT',
  'INVALID_HYPERPARAMETER',
  'INVALID_SCHEDULE',
  'INVALID_STATE',
  'SHAPE_MISMATCH',
  'CORRUPT_DATASET',
  'MISSING_DEPENDENCY',
  'NOT_FOUND',
  'IO_ERROR',
  'LOCKED',
  'UNSUPPORTED',
]);

/**
 * The exit code for an error that ended a command: 2 for bad input (a `DescentError` or
 * `ScheduleError` with a bad-input code, or a commander usage error), 1 otherwise.
 *
 * @example
 * process.exitCode = exitCodeFor(error);
 */
export function exitCodeFor(error: unknown): number {
  if (error !== null && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && (BAD_INPUT_CODES.has(code) || code.startsWith('commander.'))) return exitCodes.badInput;
  }
  return exitCodes.failed;
}
