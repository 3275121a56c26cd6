import { DescentError } from '@descent/core';
import type { ErrorCode } from '@descent/core';

/**
 * A `DescentError` for bad command-line input: the message starts with the command's name
 * (`train: --lr must be a number, got 'abc'`) and `details.field` names the flag or field.
 *
 * @example
 * throw inputError('train', '--epochs', 'an integer >= 1', '0');
 */
export function inputError(command: string, field: string, expected: string, actual: unknown, code: ErrorCode = 'INVALID_ARGUMENT'): DescentError {
  return new DescentError(code, `${command}: ${field} must be ${expected}, got ${describe(actual)}`, { details: { field, expected, actual } });
}

/** A short, quoted rendering of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
