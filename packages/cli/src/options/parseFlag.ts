import { inputError } from '../inputError';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Reads a number flag of a command that takes no experiment settings (`schedule --lr`): plain
 * or exponent notation, finite, at least `min` when given. Errors quote the text typed.
 *
 * @example
 * flagNumber('schedule', '--lr', '0.1', 0); // 0.1
 * @throws DescentError `INVALID_ARGUMENT`, e.g. `schedule: --lr must be a finite number >= 0, got '-1'`
 */
export function flagNumber(command: string, flag: string, text: string, min?: number): number {
  const value = Number(text.trim());
  if (!NUMBER.test(text.trim()) || !Number.isFinite(value) || (min !== undefined && value < min)) {
    throw inputError(command, flag, `a finite number${min === undefined ? '' : ` >= ${min}`}`, text);
  }
  return value;
}

/**
 * Reads an integer flag in `[min, max]` (safe integers only: `1e300` is refused, not rounded).
 *
 * @example
 * flagInteger('schedule', '--steps', '100', 1, 10_000_000); // 100
 * @throws DescentError `INVALID_ARGUMENT`, e.g. `schedule: --steps must be an integer in [1, 10000000], got '0'`
 */
export function flagInteger(command: string, flag: string, text: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (!NUMBER.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) throw inputError(command, flag, `an integer in [${min}, ${max}]`, text);
  return value;
}
