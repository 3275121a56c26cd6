import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ScheduleError } from './errors';
import { formatSchedule } from './formatSchedule';
import { parseSchedule } from './parseSchedule';
import { schedule, scheduleTypes } from './schedule';
import type { ScheduleSpec, ScheduleType } from './types';

/**
 * One suite, every schedule type: JSON and short-form round trips give identical values,
 * values do not depend on the order of calls, and bad specs are rejected with a code and a
 * message naming the field.
 */

const samples: ScheduleSpec[] = [
  { type: 'constant' },
  { type: 'constant', initial: 0.3 },
  { type: 'step', stepSize: 5, gamma: 0.5, initial: 0.1 },
  { type: 'step', stepSize: 3 },
  { type: 'multiStep', milestones: [30, 60, 61], gamma: 0.1, initial: 0.1 },
  { type: 'multiStep', milestones: [7] },
  { type: 'exponential', gamma: 0.95, initial: 0.1 },
  { type: 'inverseTime', decayRate: 0.5, decaySteps: 10, initial: 0.2 },
  { type: 'inverseTime', decayRate: 0.5, decaySteps: 10, staircase: true },
  { type: 'polynomial', totalIters: 50, power: 2, etaMin: 0.001, initial: 0.1 },
  { type: 'polynomial' },
  { type: 'cosine', tMax: 100, etaMin: 1e-5, initial: 0.1 },
  { type: 'cosine', tMax: 7 },
  { type: 'cosineWarmRestarts', t0: 10, tMult: 2, etaMin: 1e-4, initial: 0.1 },
  { type: 'cosineWarmRestarts', t0: 4 },
  { type: 'linearWarmup', startFactor: 0.1, totalIters: 20, initial: 0.1 },
  { type: 'linearWarmup', startFactor: 1, endFactor: 0.5, totalIters: 9 },
  { type: 'constantWarmup', factor: 0.25, totalIters: 9, initial: 0.1 },
  { type: 'oneCycle', maxLr: 0.1, totalSteps: 200 },
  { type: 'oneCycle', maxLr: 0.05, epochs: 4, stepsPerEpoch: 50, annealStrategy: 'linear', threePhase: true, divFactor: 10, finalDivFactor: 100 },
  { type: 'cyclic', baseLr: 0.001, maxLr: 0.1, stepSizeUp: 6 },
  { type: 'cyclic', baseLr: 0.001, maxLr: 0.1, stepSizeUp: 6, stepSizeDown: 3, mode: 'triangular2' },
  { type: 'cyclic', baseLr: 0.95, maxLr: 0.85, stepSizeUp: 5, mode: 'exp_range', gamma: 0.97 },
  { type: 'multiplicative', factor: 0.97, initial: 0.1 },
  {
    type: 'sequence',
    initial: 0.1,
    milestones: [10, 100],
    schedules: [{ type: 'linearWarmup', startFactor: 0.01, totalIters: 10 }, { type: 'cosine', tMax: 90 }, { type: 'constant', initial: 1e-4 }],
  },
  { type: 'product', initial: 0.1, schedules: [{ type: 'linearWarmup', totalIters: 5 }, { type: 'step', stepSize: 30, gamma: 0.5 }] },
  { type: 'warmupCosine', warmupSteps: 500, totalSteps: 10000, initial: 0.1 },
  { type: 'warmupCosine', warmupSteps: 0, totalSteps: 100, startFactor: 0.5, etaMin: 0.01 },
];

/** 0..400 plus far steps, so every phase, restart and hold is visited. */
const steps = [...Array.from({ length: 401 }, (_, i) => i), 999, 1000, 9999, 10000, 10001, 123456, 2 ** 31];

const values = (spec: ScheduleSpec): number[] => {
  const s = schedule(spec);
  return steps.map((k) => s(k));
};

describe('every schedule type', () => {
  it('has samples for every type', () => {
    const covered = new Set(samples.map((s) => s.type));
    expect([...scheduleTypes].sort()).toEqual([...covered].sort());
  });

  for (const spec of samples) {
    const label = JSON.stringify(spec);
    describe(label, () => {
      const reference = values(spec);

      it('gives finite values', () => {
        for (const v of reference) expect(Number.isFinite(v)).toBe(true);
      });

      it('round-trips through JSON and parseSchedule to identical values', () => {
        const parsed = parseSchedule(JSON.stringify(spec));
        expect(parsed).toEqual(spec);
        expect(values(parsed)).toEqual(reference);
      });

      it('round-trips through formatSchedule and parseSchedule to identical values', () => {
        const initial = 'initial' in spec ? spec.initial : undefined;
        const text = formatSchedule(spec, { initial });
        const parsed = parseSchedule(text, { initial });
        expect(values(parsed), text).toEqual(reference);
        expect(formatSchedule(parsed, { initial })).toBe(text);
      });

      it('is pure: the same values in any order of calls', () => {
        const s = schedule(spec);
        const order = steps.map((k, i) => ({ k, i, key: (i * 7919) % steps.length })).sort((a, b) => a.key - b.key);
        const shuffled: number[] = new Array<number>(steps.length);
        for (const { k, i } of [...order].reverse()) shuffled[i] = s(k);
        expect(shuffled).toEqual(reference);
        expect(steps.map((k) => s(k))).toEqual(reference);
      });

      it('rejects steps that are not integers >= 0', () => {
        const s = schedule(spec);
        for (const bad of [-1, 0.5, Number.NaN, Infinity]) {
          expect(() => s(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
        }
      });

      it('rejects an unknown field, naming it', () => {
        const typo = { ...spec, stepsize: 3 } as unknown as ScheduleSpec;
        expectError(() => schedule(typo), 'INVALID_SCHEDULE', 'stepsize');
      });
    });
  }
});

function expectError(fn: () => unknown, code: string, text: string): ScheduleError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleError);
    const e = error as ScheduleError;
    expect(e.name).toBe('ScheduleError');
    expect(e.code).toBe(code);
    expect(e.message).toContain(text);
    expect(e.message).toMatch(/^(schedule|parseSchedule|formatSchedule): /);
    return e;
  }
  throw new Error(`expected a ${code} error mentioning ${text}`);
}

/** [spec, code, text the message must contain]; each type has some. */
const bad: Array<[unknown, string, string]> = [
  [{ type: 'constant', initial: Number.NaN }, 'INVALID_HYPERPARAMETER', 'constant.initial must be a finite number, got NaN'],
  [{ type: 'constant', initial: '0.1' }, 'INVALID_SCHEDULE', "constant.initial must be a finite number, got '0.1'"],
  [{ type: 'step', stepSize: 0 }, 'INVALID_HYPERPARAMETER', 'schedule: step.stepSize must be a positive integer, got 0'],
  [{ type: 'step', stepSize: -5 }, 'INVALID_HYPERPARAMETER', 'step.stepSize must be a positive integer, got -5'],
  [{ type: 'step', stepSize: 2.5 }, 'INVALID_HYPERPARAMETER', 'step.stepSize must be a positive integer, got 2.5'],
  [{ type: 'step' }, 'INVALID_SCHEDULE', 'step.stepSize must be given'],
  [{ type: 'step', stepSize: 5, gamma: 0 }, 'INVALID_HYPERPARAMETER', 'step.gamma must be a number > 0, got 0'],
  [{ type: 'multiStep', milestones: [30, 20] }, 'INVALID_HYPERPARAMETER', 'multiStep.milestones[1] must be greater than multiStep.milestones[0]'.replace('multiStep.milestones[0]', 'milestones[0]')],
  [{ type: 'multiStep', milestones: [30, 30] }, 'INVALID_HYPERPARAMETER', 'strictly increasing'],
  [{ type: 'multiStep', milestones: [0, 5] }, 'INVALID_HYPERPARAMETER', 'multiStep.milestones[0] must be a positive integer, got 0'],
  [{ type: 'multiStep', milestones: 30 }, 'INVALID_SCHEDULE', 'multiStep.milestones must be an array'],
  [{ type: 'multiStep', milestones: [10], gamma: -0.1 }, 'INVALID_HYPERPARAMETER', 'multiStep.gamma'],
  [{ type: 'exponential', gamma: -0.95 }, 'INVALID_HYPERPARAMETER', 'exponential.gamma must be a number > 0, got -0.95'],
  [{ type: 'exponential' }, 'INVALID_SCHEDULE', 'exponential.gamma must be given'],
  [{ type: 'inverseTime', decayRate: -1 }, 'INVALID_HYPERPARAMETER', 'inverseTime.decayRate must be a number >= 0'],
  [{ type: 'inverseTime', decayRate: 1, decaySteps: 0 }, 'INVALID_HYPERPARAMETER', 'inverseTime.decaySteps must be a positive integer'],
  [{ type: 'inverseTime', decayRate: 1, staircase: 'yes' }, 'INVALID_SCHEDULE', 'inverseTime.staircase must be true or false'],
  [{ type: 'polynomial', totalIters: 0 }, 'INVALID_HYPERPARAMETER', 'polynomial.totalIters must be a positive integer, got 0'],
  [{ type: 'polynomial', power: 0 }, 'INVALID_HYPERPARAMETER', 'polynomial.power must be a number > 0'],
  [{ type: 'cosine', tMax: 0 }, 'INVALID_HYPERPARAMETER', 'cosine.tMax must be a positive integer, got 0'],
  [{ type: 'cosine', tMax: -10 }, 'INVALID_HYPERPARAMETER', 'cosine.tMax must be a positive integer, got -10'],
  [{ type: 'cosineWarmRestarts', t0: 0 }, 'INVALID_HYPERPARAMETER', 'cosineWarmRestarts.t0 must be a positive integer'],
  [{ type: 'cosineWarmRestarts', t0: 5, tMult: 0 }, 'INVALID_HYPERPARAMETER', 'cosineWarmRestarts.tMult must be an integer >= 1, got 0'],
  [{ type: 'cosineWarmRestarts', t0: 5, tMult: 1.5 }, 'INVALID_HYPERPARAMETER', 'cosineWarmRestarts.tMult must be an integer >= 1, got 1.5'],
  [{ type: 'linearWarmup', startFactor: 0 }, 'INVALID_HYPERPARAMETER', 'linearWarmup.startFactor must be a number in (0, 1], got 0'],
  [{ type: 'linearWarmup', startFactor: 1.5 }, 'INVALID_HYPERPARAMETER', 'linearWarmup.startFactor must be a number in (0, 1], got 1.5'],
  [{ type: 'linearWarmup', endFactor: 2 }, 'INVALID_HYPERPARAMETER', 'linearWarmup.endFactor must be a number in [0, 1], got 2'],
  [{ type: 'linearWarmup', totalIters: 0 }, 'INVALID_HYPERPARAMETER', 'linearWarmup.totalIters must be a positive integer'],
  [{ type: 'constantWarmup', factor: 1.2 }, 'INVALID_HYPERPARAMETER', 'constantWarmup.factor must be a number in [0, 1], got 1.2'],
  [{ type: 'constantWarmup', totalIters: -1 }, 'INVALID_HYPERPARAMETER', 'constantWarmup.totalIters must be a positive integer'],
  [{ type: 'oneCycle', totalSteps: 100 }, 'INVALID_SCHEDULE', 'oneCycle.maxLr must be given'],
  [{ type: 'oneCycle', maxLr: 0, totalSteps: 100 }, 'INVALID_HYPERPARAMETER', 'oneCycle.maxLr must be a number > 0, got 0'],
  [{ type: 'oneCycle', maxLr: 0.1 }, 'INVALID_SCHEDULE', 'oneCycle.totalSteps must be given (or epochs and stepsPerEpoch)'],
  [{ type: 'oneCycle', maxLr: 0.1, epochs: 3 }, 'INVALID_SCHEDULE', 'oneCycle.stepsPerEpoch must be given with epochs'],
  [{ type: 'oneCycle', maxLr: 0.1, totalSteps: 100, epochs: 3 }, 'INVALID_SCHEDULE', 'oneCycle.totalSteps must be given alone'],
  [{ type: 'oneCycle', maxLr: 0.1, totalSteps: 0 }, 'INVALID_HYPERPARAMETER', 'oneCycle.totalSteps must be a positive integer, got 0'],
  [{ type: 'oneCycle', maxLr: 0.1, totalSteps: 100, pctStart: 1 }, 'INVALID_HYPERPARAMETER', 'oneCycle.pctStart must be a number in (0, 1), got 1'],
  [{ type: 'oneCycle', maxLr: 0.1, totalSteps: 100, pctStart: 0.005 }, 'INVALID_HYPERPARAMETER', 'oneCycle.pctStart must be a number in (0.01, 1) for totalSteps 100'],
  [{ type: 'oneCycle', maxLr: 0.1, totalSteps: 100, pctStart: 0.6, threePhase: true }, 'INVALID_HYPERPARAMETER', 'and threePhase'],
  [{ type: 'oneCycle', maxLr: 0.1, totalSteps: 100, annealStrategy: 'cosine' }, 'INVALID_HYPERPARAMETER', `oneCycle.annealStrategy must be one of 'cos', 'linear', got 'cosine'`],
  [{ type: 'oneCycle', maxLr: 0.1, totalSteps: 100, divFactor: 0 }, 'INVALID_HYPERPARAMETER', 'oneCycle.divFactor must be a number > 0'],
  [{ type: 'oneCycle', maxLr: 0.1, totalSteps: 100, initial: 0.1 }, 'INVALID_SCHEDULE', 'oneCycle.initial is not a field of oneCycle'],
  [{ type: 'cyclic', baseLr: 0.001 }, 'INVALID_SCHEDULE', 'cyclic.maxLr must be given'],
  [{ type: 'cyclic', baseLr: 0.001, maxLr: 0.1, stepSizeUp: 0 }, 'INVALID_HYPERPARAMETER', 'cyclic.stepSizeUp must be a positive integer, got 0'],
  [{ type: 'cyclic', baseLr: 0.001, maxLr: 0.1, stepSizeDown: -3 }, 'INVALID_HYPERPARAMETER', 'cyclic.stepSizeDown must be a positive integer'],
  [{ type: 'cyclic', baseLr: 0.001, maxLr: 0.1, mode: 'exp-range' }, 'INVALID_HYPERPARAMETER', `cyclic.mode must be one of 'triangular', 'triangular2', 'exp_range'`],
  [{ type: 'cyclic', baseLr: 0.001, maxLr: 0.1, mode: 'exp_range', gamma: 1.1 }, 'INVALID_HYPERPARAMETER', 'cyclic.gamma must be a number in (0, 1], got 1.1'],
  [{ type: 'multiplicative', factor: 0 }, 'INVALID_HYPERPARAMETER', 'multiplicative.factor must be a number > 0, got 0'],
  [{ type: 'sequence', schedules: [], milestones: [] }, 'INVALID_SCHEDULE', 'sequence.schedules must be a non-empty array'],
  [{ type: 'sequence', schedules: [{ type: 'constant' }, { type: 'constant' }], milestones: [] }, 'INVALID_SCHEDULE', 'sequence.milestones must be an array of 1 step'],
  [{ type: 'sequence', schedules: [{ type: 'constant' }, { type: 'constant' }, { type: 'constant' }], milestones: [10, 5] }, 'INVALID_HYPERPARAMETER', 'sequence.milestones[1] must be greater than milestones[0] = 10'],
  [{ type: 'sequence', schedules: [{ type: 'constant' }, { type: 'cosine', tMax: 0 }], milestones: [5] }, 'INVALID_HYPERPARAMETER', 'schedule: sequence.schedules[1].tMax must be a positive integer, got 0'],
  [{ type: 'sequence', schedules: [{ type: 'constant' }, { type: 'cosin' }], milestones: [5] }, 'INVALID_SCHEDULE', 'sequence.schedules[1].type must be one of constant, step,'],
  [{ type: 'product', schedules: 'cosine' }, 'INVALID_SCHEDULE', 'product.schedules must be a non-empty array'],
  [{ type: 'product', schedules: [{ type: 'step', stepSize: 5 }, 3] }, 'INVALID_SCHEDULE', 'product.schedules[1] must be an object with a type, got 3'],
  [{ type: 'warmupCosine', warmupSteps: 500, totalSteps: 500 }, 'INVALID_HYPERPARAMETER', 'warmupCosine.totalSteps must be an integer > 500, got 500'],
  [{ type: 'warmupCosine', warmupSteps: -1, totalSteps: 500 }, 'INVALID_HYPERPARAMETER', 'warmupCosine.warmupSteps must be an integer >= 0, got -1'],
  [{ type: 'warmupCosine', warmupSteps: 5, totalSteps: 50, startFactor: 2 }, 'INVALID_HYPERPARAMETER', 'warmupCosine.startFactor must be a number in [0, 1], got 2'],
  [{ type: 'warmupCosine', warmupSteps: 5 }, 'INVALID_SCHEDULE', 'warmupCosine.totalSteps must be given'],
  [{ type: 'cosineAnnealing', tMax: 10 }, 'INVALID_SCHEDULE', 'schedule: type must be one of constant, step, multiStep'],
  [{ tMax: 10 }, 'INVALID_SCHEDULE', 'schedule: type must be one of'],
  [null, 'INVALID_SCHEDULE', 'schedule: spec must be an object with a type, got null'],
  [[{ type: 'constant' }], 'INVALID_SCHEDULE', 'schedule: spec must be an object with a type'],
];

describe('bad specs', () => {
  it('cover every type', () => {
    const covered = new Set(bad.map(([spec]) => (spec as { type?: ScheduleType } | null)?.type));
    for (const type of scheduleTypes) expect(covered.has(type), type).toBe(true);
  });

  for (const [spec, code, text] of bad) {
    it(`rejects ${JSON.stringify(spec)} with ${code}`, () => {
      const e = expectError(() => schedule(spec as ScheduleSpec), code, text);
      expect(e.details?.field).toBeDefined();
      // The same spec read as JSON text is rejected the same way, by parseSchedule.
      const json = JSON.stringify(spec);
      if (spec !== null && typeof spec === 'object' && !Array.isArray(spec) && isDeepStrictEqual(JSON.parse(json), spec)) {
        const again = expectError(() => parseSchedule(json), code, text.replace(/^schedule: /, ''));
        expect(again.message.startsWith('parseSchedule: ')).toBe(true);
        expectError(() => formatSchedule(spec as ScheduleSpec), code, text.replace(/^schedule: /, ''));
      }
    });
  }
});
