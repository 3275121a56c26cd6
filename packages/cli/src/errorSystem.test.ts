import { DescentError, describeValue, errorCodes, isDescentError } from '@descent/core';
import type { ErrorCode } from '@descent/core';
import { ScheduleError, describeValue as scheduleDescribeValue, parseSchedule } from '@descent/schedulers';
import type { ScheduleErrorCode } from '@descent/schedulers';
import { describe, expect, it } from 'vitest';
import { caught } from '../test/runDescent';
import { exitCodeFor, exitCodes } from './exitCodes';
import { resolveRun } from './options/resolveRun';

// Compile-time: every code of schedulers (which cannot import core) is in core's one list.
const scheduleCodesAreCoreCodes: readonly ErrorCode[] = [] as ScheduleErrorCode[];

describe('the error system across packages', () => {
  it("schedulers' error has its own name and is a descent error by the shared Symbol.for marker", () => {
    const error = caught(() => parseSchedule('cosine:abc'));
    expect(error).toBeInstanceOf(ScheduleError);
    expect(error).not.toBeInstanceOf(DescentError);
    expect((error as Error).name).toBe('ScheduleError');
    expect(isDescentError(error, 'INVALID_SCHEDULE')).toBe(true);
    expect(errorCodes).toContain((error as ScheduleError).code);
    expect(scheduleCodesAreCoreCodes).toEqual([]);
  });

  it('every package describes values the same way (one quote style)', () => {
    for (const value of ['abc', '', 1.5, NaN, -Infinity, true, undefined, null, [0.9, 'x'], { type: 'step' }, () => 1, 'y'.repeat(90), 7n]) {
      expect(scheduleDescribeValue(value)).toBe(describeValue(value));
    }
  });

  it('a re-thrown error keeps its code and cause, and its message has one prefix of each place', () => {
    const error = caught(() => resolveRun('train', { schedule: 'cosine:abc' }, 'run'));
    expect((error as Error).message).toBe("train: --schedule: cosine.tMax must be a number, got 'abc' (usage cosine:tMax[:etaMin])");
    expect(isDescentError(error, 'INVALID_SCHEDULE')).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(ScheduleError);
    expect(((error as Error).cause as Error).message).toBe("parseSchedule: cosine.tMax must be a number, got 'abc' (usage cosine:tMax[:etaMin])");
    expect(exitCodeFor(error)).toBe(exitCodes.badInput);
  });
});
