/**
 * Stable codes of {@link ScheduleError}. A subset of `@descent/core`'s `ErrorCode`, so a
 * program can handle errors from either package by `code` alone.
 * - `INVALID_SCHEDULE`: a spec's structure is wrong (unknown type, unknown or missing field,
 *   wrong JSON type, unparsable text).
 * - `INVALID_HYPERPARAMETER`: a field has the right type but a value out of its range.
 * - `INVALID_STATE`: a serialised state given to `setState` is malformed.
 * - `INVALID_ARGUMENT`: a call's argument is wrong (a step that is not an integer >= 0,
 *   a metric that is not a number).
 */
export type ScheduleErrorCode = 'INVALID_SCHEDULE' | 'INVALID_HYPERPARAMETER' | 'INVALID_STATE' | 'INVALID_ARGUMENT';

/**
 * The error thrown by `@descent/schedulers`. It has the same shape as `@descent/core`'s
 * `DescentError` (`name === 'DescentError'`, a stable `code`, optional `details`), without
 * depending on core: this package has no dependencies at all.
 *
 * The message starts with the function's name and says what was expected and what came:
 * `schedule: step.stepSize must be a positive integer, got 0`.
 *
 * @example
 * try { schedule({ type: 'step', stepSize: 0 }); } catch (e) {
 *   if (e instanceof ScheduleError && e.code === 'INVALID_HYPERPARAMETER') console.log(e.details?.field);
 * }
 */
export class ScheduleError extends Error {
  override readonly name = 'DescentError';
  readonly code: ScheduleErrorCode;
  /** Machine-readable context: `field` (the offending path) and `value` where known. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ScheduleErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

/** Formats a received value for an error message: numbers and strings as JSON, others by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return typeof value;
  }
}
