import { DescentError, describeValue } from '@descent/core';
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

/** How a value is shown in messages: `@descent/core`'s {@link describeValue}, the one style of every package. */
export const describe = describeValue;
