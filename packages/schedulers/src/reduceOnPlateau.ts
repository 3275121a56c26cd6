import { ScheduleError, describeValue } from './errors';
import { describeRule, satisfies, type NumberRule } from './specReader';
import type { Schedule } from './types';

/** Options of {@link reduceOnPlateau} (torch ReduceLROnPlateau's, camelCase). */
export interface ReduceOnPlateauOptions {
  /** `'min'`: the metric should go down (a loss); `'max'`: up (an accuracy). Default `'min'`. */
  mode?: 'min' | 'max';
  /** The value is multiplied by it on a plateau; in (0, 1). Default 0.1. */
  factor?: number;
  /** Steps without improvement tolerated before reducing; an integer >= 0. Default 10. */
  patience?: number;
  /** The least change that counts as an improvement; >= 0. Default 1e-4. */
  threshold?: number;
  /** `'rel'`: relative to the best (`best * threshold`); `'abs'`: absolute. Default `'rel'`. */
  thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after a reduction before counting bad steps again; an integer >= 0. Default 0. */
  cooldown?: number;
  /** The value never goes below it; >= 0. Default 0. */
  minLr?: number;
  /** A reduction smaller than this is skipped; >= 0. Default 1e-8. */
  eps?: number;
  /** The starting value (1 makes the value a multiplier). Finite, > 0. Default 1. */
  initial?: number;
}

/** The serialisable state of a {@link ReduceOnPlateau}: plain JSON numbers (`best` may be `null` for none yet). */
export interface ReduceOnPlateauState {
  value: number;
  /** The best metric so far; `null` before the first step (JSON has no infinity). */
  best: number | null;
  numBadEpochs: number;
  cooldownCounter: number;
  /** Number of `step` calls so far. */
  lastEpoch: number;
}

/**
 * The one stateful schedule: reduces a value (a learning rate, or a multiplier of a
 * time-based schedule) when a metric stops improving. Create with {@link reduceOnPlateau}.
 */
export class ReduceOnPlateau {
  /** The options in force, defaults filled in. */
  readonly options: Readonly<Required<ReduceOnPlateauOptions>>;
  private state: ReduceOnPlateauState;

  /** Prefer {@link reduceOnPlateau}; validates like it. */
  constructor(options: ReduceOnPlateauOptions = {}) {
    this.options = Object.freeze(readOptions(options));
    this.state = { value: this.options.initial, best: null, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 0 };
  }

  /** The current value. */
  get value(): number {
    return this.state.value;
  }

  /**
   * Records one metric (once per epoch, typically the validation loss) and returns the value
   * to use from now on. torch's logic: an improvement resets the bad-step count; during
   * cooldown bad steps are not counted; more than `patience` bad steps multiply the value by
   * `factor` (not below `minLr`) and start the cooldown. A NaN metric is never an improvement.
   */
  step(metric: number): number {
    if (typeof metric !== 'number') {
      throw new ScheduleError('INVALID_ARGUMENT', `ReduceOnPlateau.step: metric must be a number, got ${describeValue(metric)}`, {
        details: { field: 'metric', value: metric },
      });
    }
    const s = { ...this.state };
    s.lastEpoch += 1;
    if (this.isBetter(metric, s.best)) {
      s.best = metric;
      s.numBadEpochs = 0;
    } else {
      s.numBadEpochs += 1;
    }
    if (s.cooldownCounter > 0) {
      s.cooldownCounter -= 1;
      s.numBadEpochs = 0;
    }
    if (s.numBadEpochs > this.options.patience) {
      const reduced = Math.max(s.value * this.options.factor, this.options.minLr);
      if (s.value - reduced > this.options.eps) s.value = reduced;
      s.cooldownCounter = this.options.cooldown;
      s.numBadEpochs = 0;
    }
    this.state = s;
    return s.value;
  }

  /**
   * A schedule times the current value: `step => schedule(step) * this.value`. Not pure
   * (it reads the current value), which is the point: the time-based shape, scaled down
   * each time the metric plateaus. Give `initial: 1` (the default) to use the value as a factor.
   *
   * @example
   * const plateau = reduceOnPlateau({ patience: 2 });
   * const lr = plateau.scale(schedule({ type: 'cosine', tMax: 100, initial: 0.1 }));
   */
  scale(schedule: Schedule): Schedule {
    if (typeof schedule !== 'function') {
      throw new ScheduleError('INVALID_ARGUMENT', `ReduceOnPlateau.scale: schedule must be a function of the step, got ${describeValue(schedule)}`, {
        details: { field: 'schedule', value: schedule },
      });
    }
    return (step) => schedule(step) * this.state.value;
  }

  /** A JSON-safe copy of the state, for checkpoints. */
  getState(): ReduceOnPlateauState {
    return { ...this.state };
  }

  /** Restores a state from {@link getState} (after validating all of it; a bad state changes nothing, `INVALID_STATE`). */
  setState(state: ReduceOnPlateauState): void {
    const fail = (field: string, expected: string, value: unknown): never => {
      throw new ScheduleError('INVALID_STATE', `ReduceOnPlateau.setState: state.${field} must be ${expected}, got ${describeValue(value)}`, {
        details: { field: `state.${field}`, value },
      });
    };
    if (typeof state !== 'object' || state === null) {
      throw new ScheduleError('INVALID_STATE', `ReduceOnPlateau.setState: state must be an object, got ${describeValue(state)}`, { details: { field: 'state', value: state } });
    }
    const counter: NumberRule = { integer: true, min: 0 };
    const fields: Array<[keyof ReduceOnPlateauState, NumberRule]> = [
      ['value', {}],
      ['numBadEpochs', counter],
      ['cooldownCounter', counter],
      ['lastEpoch', counter],
    ];
    for (const [field, rule] of fields) {
      const v = state[field];
      if (typeof v !== 'number' || !satisfies(v, rule)) fail(field, describeRule(rule), v);
    }
    if (state.best !== null && (typeof state.best !== 'number' || Number.isNaN(state.best))) fail('best', 'a number or null', state.best);
    this.state = { value: state.value, best: state.best, numBadEpochs: state.numBadEpochs, cooldownCounter: state.cooldownCounter, lastEpoch: state.lastEpoch };
  }

  /**
   * torch's `is_better`, except in `'rel'` mode the margin is `threshold * |best|` rather
   * than `threshold * best`, so that a negative best (a log-likelihood, a negative loss)
   * requires a real improvement too; for positive metrics the two agree.
   */
  private isBetter(metric: number, best: number | null): boolean {
    if (best === null) return !Number.isNaN(metric);
    const { mode, threshold, thresholdMode } = this.options;
    const margin = thresholdMode === 'rel' ? threshold * Math.abs(best) : threshold;
    return mode === 'min' ? metric < best - margin : metric > best + margin;
  }
}

function readOptions(options: ReduceOnPlateauOptions): Required<ReduceOnPlateauOptions> {
  if (typeof options !== 'object' || options === null) {
    throw new ScheduleError('INVALID_HYPERPARAMETER', `reduceOnPlateau: options must be an object, got ${describeValue(options)}`);
  }
  const known = ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps', 'initial'];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ScheduleError('INVALID_HYPERPARAMETER', `reduceOnPlateau: ${key} is not an option (options: ${known.join(', ')})`, { details: { field: key } });
    }
  }
  const num = (name: keyof ReduceOnPlateauOptions, rule: NumberRule, fallback: number): number => {
    const v = options[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !satisfies(v, rule)) {
      throw new ScheduleError('INVALID_HYPERPARAMETER', `reduceOnPlateau: ${name} must be ${describeRule(rule)}, got ${describeValue(v)}`, {
        details: { field: name, value: v },
      });
    }
    return v;
  };
  const word = <T extends string>(name: 'mode' | 'thresholdMode', allowed: readonly T[], fallback: T): T => {
    const v = options[name];
    if (v === undefined) return fallback;
    if (!(allowed as readonly unknown[]).includes(v)) {
      throw new ScheduleError('INVALID_HYPERPARAMETER', `reduceOnPlateau: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(v)}`, {
        details: { field: name, value: v },
      });
    }
    return v as T;
  };
  return {
    mode: word('mode', ['min', 'max'] as const, 'min'),
    factor: num('factor', { min: 0, max: 1, minExclusive: true, maxExclusive: true }, 0.1),
    patience: num('patience', { integer: true, min: 0 }, 10),
    threshold: num('threshold', { min: 0 }, 1e-4),
    thresholdMode: word('thresholdMode', ['rel', 'abs'] as const, 'rel'),
    cooldown: num('cooldown', { integer: true, min: 0 }, 0),
    minLr: num('minLr', { min: 0 }, 0),
    eps: num('eps', { min: 0 }, 1e-8),
    initial: num('initial', { min: 0, minExclusive: true }, 1),
  };
}

/**
 * Reduce-on-plateau (torch ReduceLROnPlateau): a value, `initial` at first, multiplied by
 * `factor` whenever the metric given to `step(metric)` has not improved for more than
 * `patience` steps. The only stateful schedule here; its state is JSON (`getState`/`setState`).
 * Compose with a time-based schedule as a multiplier: `plateau.scale(lr)` or
 * `lr(step) * plateau.value` with `initial: 1`.
 *
 * Options (defaults): mode ['min'], factor [0.1], patience [10], threshold [1e-4],
 * thresholdMode ['rel'], cooldown [0], minLr [0], eps [1e-8], initial [1].
 *
 * @example
 * const plateau = reduceOnPlateau({ factor: 0.5, patience: 3, initial: 0.1 });
 * for (const epoch of epochs) {
 *   const lr = plateau.value;
 *   train(lr);
 *   plateau.step(validationLoss());
 * }
 * const saved = JSON.stringify(plateau.getState());
 */
export function reduceOnPlateau(options: ReduceOnPlateauOptions = {}): ReduceOnPlateau {
  return new ReduceOnPlateau(options);
}
