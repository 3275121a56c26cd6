/**
 * Stable codes of {@link ScheduleError}: a subset of `@descent/core`'s `errorCodes` (a test
 * there keeps it one), so a program can handle errors from either package by `code` alone.
 * - `INVALID_SCHEDULE`: a spec's structure is wrong (unknown type, unknown or missing field,
 *   wrong JSON type, unparsable text).
 * - `INVALID_HYPERPARAMETER`: a field has the right type but a value out of its range.
 * - `INVALID_STATE`: a serialised state given to `setState` is malformed.
 * - `INVALID_ARGUMENT`: a call's argument is wrong (a step that is not an integer >= 0,
 *   a metric that is not a number).
 */
export type ScheduleErrorCode = 'INVALID_SCHEDULE' | 'INVALID_HYPERPARAMETER' | 'INVALID_STATE' | 'INVALID_ARGUMENT';

/** The marker shared with every descent error class (`Symbol.for`, so copies of packages agree). */
const DESCENT_ERROR: unique symbol = Symbol.for('descent.error') as never;

/**
 * The error thrown by `@descent/schedulers`, under its own name. It carries the marker
 * `Symbol.for('descent.error')` that `@descent/core`'s `isDescentError` recognises, a stable
 * `code` (a subset of core's list) and optional `details`, without depending on core: this
 * package has no dependencies at all.
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
  override readonly name = 'ScheduleError';
  readonly code: ScheduleErrorCode;
  /** Machine-readable context: `field` (the offending path) and `value` where known. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** The marker of every descent error (see `@descent/core`'s `isDescentError`). */
  readonly [DESCENT_ERROR] = true;

  constructor(code: ScheduleErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

const MAX_TEXT = 60;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 3)}...` : text;
}

/**
 * Formats a received value for an error message, exactly as `@descent/core`'s
 * `describeValue` does (a test compares the two): strings in single quotes, numbers as
 * JavaScript prints them, arrays element by element, objects as JSON, long texts cut at 60.
 *
 * @example
 * describeValue('abc'); // "'abc'"
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `'${clip(value)}'`;
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
      return 'a function';
    case 'symbol':
      return value.toString();
    default:
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return clip(`[${value.map(describeValue).join(', ')}]`);
  try {
    return clip(JSON.stringify(value) ?? String(value));
  } catch {
    return Object.prototype.toString.call(value);
  }
}
