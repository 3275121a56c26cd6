import { describe, expect, it } from 'vitest';
import { DESCENT_ERROR, DescentError, describeValue, errorCodes, isDescentError, rethrowIn } from './errors';

describe('DescentError', () => {
  it('carries a stable code from the one list, details and a cause', () => {
    const cause = new Error('disk full');
    const e = new DescentError('IO_ERROR', 'write: cannot write run.json', { cause, details: { path: 'run.json' } });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DescentError');
    expect(e.code).toBe('IO_ERROR');
    expect(errorCodes).toContain(e.code);
    expect(e.details).toEqual({ path: 'run.json' });
    expect(e.cause).toBe(cause);
    expect(isDescentError(e)).toBe(true);
    expect(isDescentError(e, 'IO_ERROR')).toBe(true);
    expect(isDescentError(e, 'NOT_FOUND')).toBe(false);
    expect(DESCENT_ERROR).toBe(Symbol.for('descent.error'));
  });

  it('recognises the error class of another package, or of another copy of core, by the Symbol.for marker, under its own name', () => {
    // What @descent/schedulers' ScheduleError (that package depends on nothing) and a second copy of core look like.
    const marker: unique symbol = Symbol.for('descent.error') as never;
    class ElsewhereError extends Error {
      override readonly name = 'ScheduleError';
      readonly [marker] = true;
      constructor(
        readonly code: string,
        message: string,
      ) {
        super(message);
      }
    }
    const e = new ElsewhereError('INVALID_SCHEDULE', "schedule: unknown type 'cosin'");
    expect(isDescentError(e)).toBe(true);
    expect(isDescentError(e, 'INVALID_SCHEDULE')).toBe(true);
    expect(isDescentError(e, 'INVALID_ARGUMENT')).toBe(false);
    expect(e.name).toBe('ScheduleError');
    // Not a name alone (nothing needs to pretend), not every error with a code, not plain objects.
    expect(isDescentError(Object.assign(new Error('x'), { name: 'DescentError', code: 'INVALID_ARGUMENT' }))).toBe(false);
    expect(isDescentError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe(false);
    expect(isDescentError({ [Symbol.for('descent.error')]: true, code: 'INVALID_ARGUMENT', message: 'x' })).toBe(false);
    expect(isDescentError(undefined)).toBe(false);
  });
});

describe('describeValue (how every message shows a value)', () => {
  it.each<[unknown, string]>([
    ['fast', "'fast'"],
    [1.5, '1.5'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-1, '-1'],
    [true, 'true'],
    [undefined, 'undefined'],
    [null, 'null'],
    [10n, '10n'],
    [[0.9, 'x', Infinity], "[0.9, 'x', Infinity]"],
    [{ type: 'step' }, '{"type":"step"}'],
    [() => 1, 'a function'],
    ['x'.repeat(100), `'${'x'.repeat(57)}...'`],
  ])('%s -> %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});

describe('rethrowIn', () => {
  it('says where, keeps the code and the cause, and does not stack function names', () => {
    const inner = new DescentError('INVALID_SCHEDULE', "parseSchedule: cosine.tMax must be a number, got 'abc'", { details: { field: 'cosine.tMax' } });
    const outer = rethrowIn('train: --schedule', inner, 'INVALID_ARGUMENT', { flag: '--schedule' });
    expect(outer.message).toBe("train: --schedule: cosine.tMax must be a number, got 'abc'");
    expect(outer.code).toBe('INVALID_SCHEDULE');
    expect(outer.cause).toBe(inner);
    expect(outer.details).toEqual({ field: 'cosine.tMax', flag: '--schedule' });
    // Twice: still one prefix of each.
    expect(rethrowIn('descent', outer, 'INVALID_ARGUMENT').message).toBe("descent: --schedule: cosine.tMax must be a number, got 'abc'");
    const plain = rethrowIn('report: runs/a/metrics.jsonl', new SyntaxError('Unexpected token'), 'CORRUPT_DATASET');
    expect(plain.code).toBe('CORRUPT_DATASET');
    expect(plain.message).toBe('report: runs/a/metrics.jsonl: Unexpected token');
  });
});
