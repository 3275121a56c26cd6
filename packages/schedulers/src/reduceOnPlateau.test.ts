import { describe, expect, it } from 'vitest';
import { ScheduleError } from './errors';
import { reduceOnPlateau, type ReduceOnPlateauState } from './reduceOnPlateau';
import { schedule } from './schedule';

const losses = [1, 0.9, 0.9, 0.9, 0.9, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.8, 0.8, 0.8, 0.8, 0.8];

describe('reduceOnPlateau', () => {
  it('reduces after more than patience bad steps, waits out the cooldown, stops at minLr', () => {
    const plateau = reduceOnPlateau({ factor: 0.5, patience: 1, cooldown: 1, minLr: 0.3, initial: 1 });
    const seen = [2, 2, 2, 2, 2, 2, 2].map((m) => plateau.step(m));
    // step 1 improves (best = 2), steps 2-3 are bad -> reduce at 3, cooldown at 4, bad 5-6 -> reduce at 6 (to the floor)
    expect(seen).toEqual([1, 1, 0.5, 0.5, 0.5, 0.3, 0.3]);
    expect(plateau.value).toBe(0.3);
  });

  it('resumes from a JSON checkpoint exactly where an uninterrupted run would be', () => {
    const options = { mode: 'min', factor: 0.5, patience: 2, cooldown: 1, threshold: 0.01 } as const;
    const straight = reduceOnPlateau(options);
    const expected = losses.map((m) => straight.step(m));
    const first = reduceOnPlateau(options);
    const head = losses.slice(0, 7).map((m) => first.step(m));
    const saved = JSON.parse(JSON.stringify(first.getState())) as ReduceOnPlateauState;
    const second = reduceOnPlateau(options);
    second.setState(saved);
    const tail = losses.slice(7).map((m) => second.step(m));
    expect([...head, ...tail]).toEqual(expected);
    expect(second.getState()).toEqual(straight.getState());
    expect(new Set(expected).size).toBeGreaterThan(1);
  });

  it('serialises the state before any step (best is null, not -Infinity)', () => {
    const state = reduceOnPlateau().getState();
    expect(state.best).toBeNull();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it("'rel' threshold asks a real improvement of a negative best too", () => {
    const plateau = reduceOnPlateau({ mode: 'min', threshold: 0.1, patience: 0, factor: 0.5 });
    plateau.step(-10);
    // torch's best * (1 - threshold) = -9 would count -9.5 (worse than -10) as better; |best| does not.
    expect(plateau.step(-9.5)).toBe(0.5);
    expect(plateau.step(-12)).toBe(0.5); // -12 < -10 - 1: improvement
  });

  it('max mode with abs threshold', () => {
    const plateau = reduceOnPlateau({ mode: 'max', thresholdMode: 'abs', threshold: 0.05, patience: 0, factor: 0.1, initial: 0.1 });
    expect(plateau.step(0.5)).toBe(0.1);
    expect(plateau.step(0.56)).toBe(0.1);
    expect(plateau.step(0.6)).toBeCloseTo(0.01, 15); // +0.04 is not enough
  });

  it('scales a time-based schedule', () => {
    const plateau = reduceOnPlateau({ patience: 0, factor: 0.5 });
    const lr = plateau.scale(schedule({ type: 'exponential', gamma: 0.9, initial: 0.1 }));
    expect(lr(1)).toBeCloseTo(0.09, 15);
    plateau.step(1);
    plateau.step(1);
    expect(lr(1)).toBeCloseTo(0.045, 15);
  });

  it('rejects bad options with INVALID_HYPERPARAMETER', () => {
    const cases: Array<[object, string]> = [
      [{ factor: 1 }, 'reduceOnPlateau: factor must be a number in (0, 1), got 1'],
      [{ factor: 0 }, 'reduceOnPlateau: factor must be a number in (0, 1), got 0'],
      [{ patience: -1 }, 'reduceOnPlateau: patience must be an integer >= 0, got -1'],
      [{ cooldown: 0.5 }, 'reduceOnPlateau: cooldown must be an integer >= 0, got 0.5'],
      [{ threshold: -0.1 }, 'reduceOnPlateau: threshold must be a number >= 0'],
      [{ mode: 'minimum' }, `reduceOnPlateau: mode must be one of 'min', 'max', got 'minimum'`],
      [{ thresholdMode: 'relative' }, 'reduceOnPlateau: thresholdMode must be one of'],
      [{ minLr: -1 }, 'reduceOnPlateau: minLr must be a number >= 0'],
      [{ initial: 0 }, 'reduceOnPlateau: initial must be a number > 0'],
      [{ min_lr: 0.1 }, 'reduceOnPlateau: min_lr is not an option'],
    ];
    for (const [options, message] of cases) {
      expect(() => reduceOnPlateau(options as never)).toThrow(message);
      expect(() => reduceOnPlateau(options as never)).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER', name: 'ScheduleError' }));
    }
  });

  it('rejects a bad state with INVALID_STATE and keeps its own', () => {
    const plateau = reduceOnPlateau({ patience: 0 });
    plateau.step(1);
    plateau.step(2);
    const before = plateau.getState();
    const bad: unknown[] = [
      { ...before, value: 'x' },
      { ...before, numBadEpochs: -1 },
      { ...before, cooldownCounter: 1.5 },
      { ...before, best: Number.NaN },
      { ...before, lastEpoch: undefined },
      null,
    ];
    for (const state of bad) {
      let error: unknown;
      try {
        plateau.setState(state as ReduceOnPlateauState);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScheduleError);
      expect((error as ScheduleError).code).toBe('INVALID_STATE');
      expect((error as ScheduleError).message).toMatch(/^ReduceOnPlateau\.setState: state[. ]/);
      expect(plateau.getState()).toEqual(before);
    }
  });

  it('rejects a metric that is not a number, without moving', () => {
    const plateau = reduceOnPlateau();
    expect(() => plateau.step('0.5' as unknown as number)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(plateau.getState().lastEpoch).toBe(0);
  });
});
