import { describe, expect, it } from 'vitest';
import { ScheduleError } from './errors';
import { formatSchedule } from './formatSchedule';
import { parseSchedule } from './parseSchedule';
import { schedule } from './schedule';

describe('parseSchedule short forms', () => {
  const table: Array<[string, object]> = [
    ['constant', { type: 'constant' }],
    ['step:5:0.5', { type: 'step', stepSize: 5, gamma: 0.5 }],
    ['step:5', { type: 'step', stepSize: 5 }],
    ['exp:0.95', { type: 'exponential', gamma: 0.95 }],
    ['exponential:0.95', { type: 'exponential', gamma: 0.95 }],
    ['cosine:100', { type: 'cosine', tMax: 100 }],
    ['cosine:100:1e-5', { type: 'cosine', tMax: 100, etaMin: 1e-5 }],
    ['multistep:30,60:0.1', { type: 'multiStep', milestones: [30, 60], gamma: 0.1 }],
    ['multiStep:30,60', { type: 'multiStep', milestones: [30, 60] }],
    ['warmup-cosine:500:10000', { type: 'warmupCosine', warmupSteps: 500, totalSteps: 10000 }],
    ['onecycle:0.1:1000', { type: 'oneCycle', maxLr: 0.1, totalSteps: 1000 }],
    ['onecycle:0.1:1000:0.25', { type: 'oneCycle', maxLr: 0.1, totalSteps: 1000, pctStart: 0.25 }],
    ['invtime:0.5:10', { type: 'inverseTime', decayRate: 0.5, decaySteps: 10 }],
    ['poly:100:2', { type: 'polynomial', totalIters: 100, power: 2 }],
    ['sgdr:10:2', { type: 'cosineWarmRestarts', t0: 10, tMult: 2 }],
    ['cosineWarmRestarts:10', { type: 'cosineWarmRestarts', t0: 10 }],
    ['warmup:5:0.1', { type: 'linearWarmup', totalIters: 5, startFactor: 0.1 }],
    ['constant-warmup:5:0.25', { type: 'constantWarmup', totalIters: 5, factor: 0.25 }],
    ['cyclic:0.001:0.1:500:triangular2', { type: 'cyclic', baseLr: 0.001, maxLr: 0.1, stepSizeUp: 500, mode: 'triangular2' }],
    ['mult:0.97', { type: 'multiplicative', factor: 0.97 }],
    ['  STEP:5:0.5  ', { type: 'step', stepSize: 5, gamma: 0.5 }],
  ];
  for (const [text, spec] of table) {
    it(`${JSON.stringify(text)} -> ${JSON.stringify(spec)}`, () => {
      expect(parseSchedule(text)).toEqual(spec);
    });
  }

  it("reads the lecture's 'divide by two every X epochs'", () => {
    const lr = schedule(parseSchedule('step:5:0.5', { initial: 0.1 }));
    expect([0, 4, 5, 9, 10, 15].map(lr)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]);
  });

  it('fills initial from options when the spec omits it, and only then', () => {
    expect(parseSchedule('cosine:100', { initial: 0.1 })).toEqual({ type: 'cosine', tMax: 100, initial: 0.1 });
    expect(parseSchedule('{"type":"cosine","tMax":100,"initial":0.5}', { initial: 0.1 })).toEqual({ type: 'cosine', tMax: 100, initial: 0.5 });
    // Absolute schedules set their own values.
    expect(parseSchedule('onecycle:0.1:1000', { initial: 0.3 })).toEqual({ type: 'oneCycle', maxLr: 0.1, totalSteps: 1000 });
    // Composites take it at the top; children inherit it.
    const seq = parseSchedule('{"type":"sequence","schedules":[{"type":"constant"},{"type":"exponential","gamma":0.5}],"milestones":[3]}', { initial: 0.2 });
    expect(seq).toMatchObject({ initial: 0.2 });
    expect([0, 2, 3, 4].map(schedule(seq))).toEqual([0.2, 0.2, 0.2, 0.1]);
  });

  const errors: Array<[string, string, string]> = [
    ['', 'INVALID_SCHEDULE', "parseSchedule: unknown schedule ''"],
    ['linear:5', 'INVALID_SCHEDULE', "parseSchedule: unknown schedule 'linear' in 'linear:5'; expected JSON or one of constant, step:stepSize[:gamma]"],
    ['step', 'INVALID_SCHEDULE', "parseSchedule: 'step' does not match step:stepSize[:gamma]"],
    ['step:5:0.5:3', 'INVALID_SCHEDULE', 'does not match step:stepSize[:gamma]'],
    ['step:five', 'INVALID_SCHEDULE', "parseSchedule: step.stepSize must be a number, got 'five'"],
    ['step:', 'INVALID_SCHEDULE', "parseSchedule: step.stepSize must be a number, got ''"],
    ['step:0:0.5', 'INVALID_HYPERPARAMETER', 'parseSchedule: step.stepSize must be a positive integer, got 0'],
    ['step:5:-0.5', 'INVALID_HYPERPARAMETER', 'parseSchedule: step.gamma must be a number > 0, got -0.5'],
    ['multistep:60,30', 'INVALID_HYPERPARAMETER', 'multiStep.milestones[1] must be greater than milestones[0] = 60'],
    ['multistep:30,,60', 'INVALID_SCHEDULE', "multiStep.milestones[1] must be a number, got ''"],
    ['cosine:0x10', 'INVALID_SCHEDULE', "cosine.tMax must be a number, got '0x10'"],
    ['cyclic:0.001:0.1:5:sawtooth', 'INVALID_HYPERPARAMETER', `cyclic.mode must be one of 'triangular'`],
    ['{"type":"step",', 'INVALID_SCHEDULE', 'parseSchedule: invalid JSON'],
    ['{"type":"step","stepsize":5}', 'INVALID_SCHEDULE', 'parseSchedule: step.stepSize must be given (a positive integer), got undefined (step.stepsize is not a field: did you mean stepSize?)'],
    ['{"type":"step","stepSize":5,"gama":0.5}', 'INVALID_SCHEDULE', 'parseSchedule: step.gama is not a field of step (fields: initial, stepSize, gamma)'],
  ];
  for (const [text, code, message] of errors) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      let error: unknown;
      try {
        parseSchedule(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScheduleError);
      expect((error as ScheduleError).code).toBe(code);
      expect((error as ScheduleError).message).toContain(message);
    });
  }

  it('rejects a bad options.initial and a non-string', () => {
    expect(() => parseSchedule('constant', { initial: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => parseSchedule(5 as unknown as string)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('formatSchedule', () => {
  it('writes the short form when it says everything', () => {
    expect(formatSchedule({ type: 'step', stepSize: 5, gamma: 0.5 })).toBe('step:5:0.5');
    expect(formatSchedule({ type: 'multiStep', milestones: [30, 60], gamma: 0.1 })).toBe('multistep:30,60:0.1');
    expect(formatSchedule({ type: 'cosine', tMax: 100, etaMin: 1e-7 })).toBe('cosine:100:1e-7');
    expect(formatSchedule({ type: 'warmupCosine', warmupSteps: 500, totalSteps: 10000 })).toBe('warmup-cosine:500:10000');
    expect(formatSchedule({ type: 'oneCycle', maxLr: 0.1, totalSteps: 1000 })).toBe('onecycle:0.1:1000');
    expect(formatSchedule({ type: 'constant' })).toBe('constant');
    expect(formatSchedule({ type: 'cosine', tMax: 100, initial: 0.1 }, { initial: 0.1 })).toBe('cosine:100');
  });

  it('writes JSON otherwise', () => {
    expect(formatSchedule({ type: 'cosine', tMax: 100, initial: 0.1 })).toBe('{"type":"cosine","tMax":100,"initial":0.1}');
    expect(formatSchedule({ type: 'cosine', tMax: 100, initial: 0.1 }, { initial: 0.2 })).toBe('{"type":"cosine","tMax":100,"initial":0.1}');
    expect(formatSchedule({ type: 'linearWarmup', endFactor: 0.5 })).toBe('{"type":"linearWarmup","endFactor":0.5}');
    expect(formatSchedule({ type: 'cosineWarmRestarts', t0: 5, etaMin: 0.1 })).toBe('{"type":"cosineWarmRestarts","t0":5,"etaMin":0.1}');
    expect(formatSchedule({ type: 'oneCycle', maxLr: 0.1, totalSteps: 100, threePhase: true })).toMatch(/^\{/);
    expect(formatSchedule({ type: 'product', schedules: [{ type: 'constant' }] })).toBe('{"type":"product","schedules":[{"type":"constant"}]}');
  });
});

describe('nesting', () => {
  const nested = (depth: number): string => `${'{"type":"product","schedules":['.repeat(depth - 1)}{"type":"cosine","tMax":10}${']}'.repeat(depth - 1)}`;

  it('takes schedules nested 32 deep and refuses deeper ones with INVALID_SCHEDULE, not a stack overflow', () => {
    expect(schedule(parseSchedule(nested(32), { initial: 0.5 }))(0)).toBe(0.5);
    for (const depth of [33, 3000]) {
      let error: unknown;
      try {
        parseSchedule(nested(depth));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScheduleError);
      expect((error as ScheduleError).code).toBe('INVALID_SCHEDULE');
      expect((error as Error).message).toBe('parseSchedule: schedules are nested more than 32 deep (sequence and product inside each other)');
    }
    expect(() => schedule(JSON.parse(nested(40)))).toThrow(/^schedule: schedules are nested more than 32 deep/);
  });
});
