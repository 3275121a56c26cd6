import { describe, expect, it } from 'vitest';
import { DescentError, isDescentError } from './errors';

describe('DescentError', () => {
  it('carries a stable code, details and a cause', () => {
    const cause = new Error('disk full');
    const e = new DescentError('IO_ERROR', 'write: cannot write run.json', { cause, details: { path: 'run.json' } });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DescentError');
    expect(e.code).toBe('IO_ERROR');
    expect(e.details).toEqual({ path: 'run.json' });
    expect(e.cause).toBe(cause);
    expect(isDescentError(e)).toBe(true);
    expect(isDescentError(e, 'IO_ERROR')).toBe(true);
    expect(isDescentError(e, 'NOT_FOUND')).toBe(false);
  });

  it("recognises errors of DescentError's shape from packages that cannot import core (schedulers) or from another copy of core", () => {
    // The shape @descent/schedulers' ScheduleError has (that package depends on nothing).
    class ElsewhereError extends Error {
      override readonly name = 'DescentError';
      constructor(
        readonly code: string,
        message: string,
      ) {
        super(message);
      }
    }
    const e = new ElsewhereError('INVALID_SCHEDULE', 'schedule: unknown type "cosin"');
    expect(isDescentError(e)).toBe(true);
    expect(isDescentError(e, 'INVALID_SCHEDULE')).toBe(true);
    expect(isDescentError(e, 'INVALID_ARGUMENT')).toBe(false);
    // Not every error with a code: Node's system errors, plain objects, other names.
    expect(isDescentError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe(false);
    expect(isDescentError({ name: 'DescentError', code: 'INVALID_ARGUMENT', message: 'x' })).toBe(false);
    expect(isDescentError(Object.assign(new Error('x'), { name: 'DescentError' }))).toBe(false);
    expect(isDescentError(undefined)).toBe(false);
  });
});
