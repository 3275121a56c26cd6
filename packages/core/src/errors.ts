/**
 * Every error code of descent, in one list: each package's error class takes its codes from
 * here (`@descent/schedulers`, which depends on nothing, declares a subset that a test keeps
 * inside this list). A code never changes meaning once published; messages may be improved.
 *
 * - `INVALID_ARGUMENT`: a call's argument or a command's input is wrong.
 * - `INVALID_HYPERPARAMETER`: a hyperparameter has the right type but a value out of its range.
 * - `SHAPE_MISMATCH`, `MIXED_BACKENDS`, `NON_FINITE`, `DISPOSED`: tensors that do not fit.
 * - `INVALID_STATE`: a state (checkpoint, state dict) that is malformed or does not fit.
 * - `INVALID_SCHEDULE`: a schedule spec whose structure is wrong.
 * - `CORRUPT_DATASET`: data or a file of a run that is damaged.
 * - `MISSING_DEPENDENCY`: an optional package that is not installed.
 * - `NOT_FOUND`: a named thing (file, folder, optimizer, dataset) that does not exist.
 * - `IO_ERROR`: reading or writing failed (disk full, permissions).
 * - `LOCKED`: a resource (an output folder) held by another process.
 * - `UNSUPPORTED`: valid, but not supported here.
 */
export const errorCodes = /* @__PURE__ */ Object.freeze([
  'INVALID_ARGUMENT',
  'INVALID_HYPERPARAMETER',
  'SHAPE_MISMATCH',
  'MIXED_BACKENDS',
  'NON_FINITE',
  'DISPOSED',
  'INVALID_STATE',
  'INVALID_SCHEDULE',
  'CORRUPT_DATASET',
  'MISSING_DEPENDENCY',
  'NOT_FOUND',
  'IO_ERROR',
  'LOCKED',
  'UNSUPPORTED',
] as const);

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];

/**
 * The marker every descent error class carries, under `Symbol.for('descent.error')` (the
 * global symbol registry): {@link isDescentError} recognises an error of any descent package,
 * and of another copy of this package in `node_modules`, by it, while each class keeps its
 * own `name` (`DescentError`, `ScheduleError`).
 */
export const DESCENT_ERROR: unique symbol = Symbol.for('descent.error') as never;

/** Options of a descent error: what caused it (kept as `cause`) and machine-readable context. */
export interface DescentErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
}

/**
 * The error class of descent. `code` is stable and meant for programs; `message` starts
 * with the function's name and says what was expected and what came, e.g.
 * `adam: betas[1] must be in [0, 1), got 1.2`. Another package's error class (such as
 * `ScheduleError`) has its own name and the same {@link DESCENT_ERROR} marker.
 *
 * @example
 * try { backend.add(a, b); } catch (e) {
 *   if (isDescentError(e, 'SHAPE_MISMATCH')) console.error(e.message);
 * }
 */
export class DescentError extends Error {
  override readonly name: string = 'DescentError';
  readonly code: ErrorCode;
  /** Machine-readable context (the offending field, expected and actual values). */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly [DESCENT_ERROR] = true;

  constructor(code: ErrorCode, message: string, options?: DescentErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

/**
 * True when `error` is an error of a descent package (it carries the {@link DESCENT_ERROR}
 * marker and a string `code`), optionally with the given code: a `DescentError`, a
 * `ScheduleError`, or one from another copy of a package. The name is not what is checked,
 * so no class needs to pretend to be another.
 *
 * @example
 * if (isDescentError(e, 'INVALID_SCHEDULE')) console.error(e.message);
 */
export function isDescentError(error: unknown, code?: ErrorCode): error is DescentError {
  if (!(error instanceof Error) || (error as { [DESCENT_ERROR]?: unknown })[DESCENT_ERROR] !== true) return false;
  const own = (error as { code?: unknown }).code;
  return typeof own === 'string' && (code === undefined || own === code);
}

const MAX_TEXT = 60;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 3)}...` : text;
}

/**
 * How every descent message shows a value it received: strings in single quotes (`'abc'`),
 * numbers as JavaScript prints them (`NaN`, `Infinity`, `-1`), arrays element by element
 * (`[0.9, 'x']`), objects as JSON, functions as `a function`; long texts are cut at 60
 * characters with `...`. (`@descent/schedulers` has an identical copy, checked by a test.)
 *
 * @example
 * describeValue('fast'); // "'fast'"
 * describeValue([0.9, Infinity]); // '[0.9, Infinity]'
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

/** The message of an error without the name of the function that threw it (`parseSchedule: `). */
function withoutOperation(message: string): string {
  return message.replace(/^[A-Za-z_$][\w$.-]*: /, '');
}

/**
 * An error that says where `error` happened (`context`, e.g. `train: --schedule`) and keeps
 * everything else: the code of a descent error (`fallback` for any other error), the original
 * as `cause`, and its message once, without its own function name, so prefixes never stack
 * (`train: --schedule: cosine.tMax must be a number, got 'abc'`, not `train: --schedule:
 * parseSchedule: ...`).
 *
 * @example
 * try { parseSchedule(text); } catch (error) { throw rethrowIn('train: --schedule', error, 'INVALID_SCHEDULE'); }
 */
export function rethrowIn(context: string, error: unknown, fallback: ErrorCode, details?: Record<string, unknown>): DescentError {
  const code = isDescentError(error) ? (error.code as ErrorCode) : fallback;
  const message = error instanceof Error ? error.message : String(error);
  const own = isDescentError(error) ? error.details : undefined;
  const merged = own === undefined && details === undefined ? undefined : { ...own, ...details };
  return new DescentError(code, `${context}: ${withoutOperation(message)}`, { cause: error, ...(merged === undefined ? {} : { details: merged }) });
}
