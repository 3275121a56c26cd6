import { DescentError } from '@descent/core';

/**
 * Parses a point `X,Y` (e.g. `--start 1,1.5`).
 *
 * @throws DescentError `INVALID_ARGUMENT` unless it is two finite numbers separated by a comma.
 * @example
 * parsePoint('race', '--start', '1,1.5'); // [1, 1.5]
 */
export function parsePoint(fn: string, flag: string, text: string): [number, number] {
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !values.every(Number.isFinite)) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: ${flag} must be two numbers X,Y, got '${text}'`);
  }
  return [values[0]!, values[1]!];
}

/**
 * Parses a positive integer flag (`--steps 300`), at most `max` when given.
 *
 * @throws DescentError `INVALID_ARGUMENT` otherwise, saying the bound.
 * @example
 * parsePositiveInt('race', '--frames', '60', 1000); // 60
 */
export function parsePositiveInt(fn: string, flag: string, text: string, max?: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 1 || (max !== undefined && value > max)) {
    const bound = max === undefined ? '' : ` at most ${max.toLocaleString('en-US')}`;
    throw new DescentError('INVALID_ARGUMENT', `${fn}: ${flag} must be a positive integer${bound}, got '${text}'`);
  }
  return value;
}

/**
 * Parses a `--seed`: an integer >= 0, as `descent train` takes it.
 *
 * @throws DescentError `INVALID_ARGUMENT` otherwise.
 * @example
 * parseSeed('race', '7'); // 7
 */
export function parseSeed(fn: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 0) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: --seed must be an integer >= 0, got '${text}'`);
  }
  return value;
}

/**
 * Parses a number flag, optionally bounded below (`--tolerance 0.01`).
 *
 * @throws DescentError `INVALID_ARGUMENT` for text that is not a finite number, or one below `min` (or at it, with `exclusive`).
 * @example
 * parseNumber('race', '--noise', '0.5', 0); // 0.5
 */
export function parseNumber(fn: string, flag: string, text: string, min?: number, exclusive = false): number {
  const value = Number(text);
  const low = min !== undefined && (exclusive ? value <= min : value < min);
  if (text.trim() === '' || !Number.isFinite(value) || low) {
    const bound = min === undefined ? '' : ` ${exclusive ? '>' : '>='} ${min}`;
    throw new DescentError('INVALID_ARGUMENT', `${fn}: ${flag} must be a finite number${bound}, got '${text}'`);
  }
  return value;
}
