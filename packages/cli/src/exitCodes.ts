/**
 * What `descent` exits with. Scripts may rely on these; they never change meaning.
 *
 * - `ok` 0: the command did what was asked (a sweep where some runs diverged is still 0:
 *   divergence is a result, reported in the summary).
 * - `failed` 1: the run failed or diverged (`train`), every run diverged or a run crashed (`sweep`, `lecture`),
 *   or writing failed once the command was under way (a full disk, a device error: `IO_ERROR`).
 * - `badInput` 2: bad flags, config, schedule, dataset, output folder (or one in use by another run), missing
 *   MNIST package; an `IO_ERROR` is bad input only when it names the flag at fault (`--out` cannot be
 *   written, `--data` cannot be read) and the system is not out of space.
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
  'LOCKED',
  'UNSUPPORTED',
]);

/** System error codes that say the machine failed (no space, a quota, a device error), whatever the path. */
const SYSTEM_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EIO']);

/**
 * Whether an `IO_ERROR` is the user's input: it names the flag at fault (`details.field`,
 * as the checks of `--out` and `--data` do before anything is written) and its system error
 * is not one of the machine's ({@link SYSTEM_FAILURES}). A write that fails once the command
 * is under way (a checkpoint, a report) names no flag: it failed, the input was fine.
 */
function blamesInput(error: object): boolean {
  const { details, cause } = error as { details?: { field?: unknown; errno?: unknown } | null; cause?: { code?: unknown } | null };
  const errno = details?.errno ?? cause?.code;
  return typeof details?.field === 'string' && !(typeof errno === 'string' && SYSTEM_FAILURES.has(errno));
}

/**
 * The exit code for an error that ended a command: 2 for bad input (a `DescentError` or
 * `ScheduleError` with a bad-input code, an `IO_ERROR` that names the flag at fault, or a
 * commander usage error), 1 otherwise (a failed write mid-run, such as a full disk, included).
 *
 * @example
 * process.exitCode = exitCodeFor(error);
 */
export function exitCodeFor(error: unknown): number {
  if (error !== null && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (code === 'IO_ERROR') return blamesInput(error) ? exitCodes.badInput : exitCodes.failed;
    if (typeof code === 'string' && (BAD_INPUT_CODES.has(code) || code.startsWith('commander.'))) return exitCodes.badInput;
  }
  return exitCodes.failed;
}
