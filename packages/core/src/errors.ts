/**
 * Stable error codes shared by every descent package. A code never changes meaning once
 * published; messages may be improved.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_HYPERPARAMETER'
  | 'SHAPE_MISMATCH'
  | 'MIXED_BACKENDS'
  | 'NON_FINITE'
  | 'DISPOSED'
  | 'INVALID_STATE'
  | 'INVALID_SCHEDULE'
  | 'CORRUPT_DATASET'
  | 'MISSING_DEPENDENCY'
  | 'NOT_FOUND'
  | 'IO_ERROR'
  | 'LOCKED'
  | 'UNSUPPORTED';

/**
 * The one error class of descent. `code` is stable and meant for programs; `message`
 * starts with the function's name and says what was expected and what came, e.g.
 * `adam: betas[1] must be in [0, 1), got 1.2`.
 *
 * @example
 * try { backend.add(a, b); } catch (e) {
 *   if (e instanceof DescentError && e.code === 'SHAPE_MISMATCH') { ... }
 * }
 */
export class DescentError extends Error {
  override readonly name = 'DescentError';
  readonly code: ErrorCode;
  /** Machine-readable context (the offending field, expected and actual values). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

/**
 * True when `error` is a {@link DescentError}, optionally with the given code. It recognises
 * the error by its shape (`name === 'DescentError'` and a string `code`), not only by
 * `instanceof`, so it also accepts `@descent/schedulers`' `ScheduleError` (that package
 * depends on nothing) and a DescentError from another copy of this package in node_modules.
 *
 * @example
 * if (isDescentError(e, 'INVALID_SCHEDULE')) console.error(e.message);
 */
export function isDescentError(error: unknown, code?: ErrorCode): error is DescentError {
  const shaped =
    error instanceof DescentError ||
    (error instanceof Error && error.name === 'DescentError' && typeof (error as { code?: unknown }).code === 'string');
  return shaped && (code === undefined || (error as DescentError).code === code);
}
