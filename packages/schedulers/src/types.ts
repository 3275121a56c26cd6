/**
 * A schedule: a pure function from an integer step `>= 0` to a value (a learning rate, a
 * momentum, a weight-decay coefficient, a multiplier...). Step 0 is the value before any
 * update, which in torch terms is the learning rate before the first `scheduler.step()`.
 * Calling it at any step, in any order, gives the same value; it costs O(1) or O(number of
 * phases).
 *
 * @example
 * const lr: Schedule = schedule({ type: 'step', stepSize: 5, gamma: 0.5, initial: 0.1 });
 * lr(0); // 0.1
 * lr(5); // 0.05
 */
export type Schedule = (step: number) => number;

/**
 * Fields every spec may carry whose schedule scales a base value. Absolute schedules
 * (`oneCycle`, `cyclic`) set their own values and do not take `initial`.
 */
export interface BaseSpec {
  /**
   * The base value (torch's base learning rate). Default: the enclosing `sequence`'s
   * `initial`, else 1, which makes the schedule a multiplier.
   */
  initial?: number;
}

/** `initial` at every step. */
export interface ConstantSpec extends BaseSpec {
  type: 'constant';
}

/** torch `StepLR`: `initial * gamma^floor(step / stepSize)`; the lecture's "divide by two every X epochs" is `gamma: 0.5`. */
export interface StepSpec extends BaseSpec {
  type: 'step';
  /** Steps between decays; a positive integer. */
  stepSize: number;
  /** Factor applied every `stepSize` steps; > 0. Default 0.1. */
  gamma?: number;
}

/** torch `MultiStepLR`: `initial * gamma^(number of milestones <= step)`. */
export interface MultiStepSpec extends BaseSpec {
  type: 'multiStep';
  /** Steps at which `gamma` is applied; positive integers, strictly increasing. */
  milestones: number[];
  /** Factor applied at each milestone; > 0. Default 0.1. */
  gamma?: number;
}

/** torch `ExponentialLR`: `initial * gamma^step`. */
export interface ExponentialSpec extends BaseSpec {
  type: 'exponential';
  /** Factor per step; > 0. */
  gamma: number;
}

/**
 * Inverse-time decay (Keras `InverseTimeDecay`): `initial / (1 + decayRate * step / decaySteps)`,
 * with `floor(step / decaySteps)` when `staircase`.
 */
export interface InverseTimeSpec extends BaseSpec {
  type: 'inverseTime';
  /** >= 0. */
  decayRate: number;
  /** A positive integer. Default 1. */
  decaySteps?: number;
  /** Decay in whole multiples of `decaySteps`. Default false. */
  staircase?: boolean;
}

/** torch `PolynomialLR`: `etaMin + (initial - etaMin) * (1 - min(step, totalIters) / totalIters)^power`. */
export interface PolynomialSpec extends BaseSpec {
  type: 'polynomial';
  /** Steps to reach `etaMin`; a positive integer. Default 5 (torch's). */
  totalIters?: number;
  /** > 0. Default 1 (linear). */
  power?: number;
  /** The final value. Default 0. */
  etaMin?: number;
}

/**
 * torch `CosineAnnealingLR` in its closed form: `etaMin + (initial - etaMin) * (1 + cos(pi * step / tMax)) / 2`.
 * Past `tMax` the cosine goes on (back up to `initial` at `2 * tMax`), as torch's does; use
 * `warmupCosine` or a `sequence` to hold the final value instead.
 */
export interface CosineSpec extends BaseSpec {
  type: 'cosine';
  /** Half period, in steps; a positive integer. */
  tMax: number;
  /** The minimum value. Default 0. */
  etaMin?: number;
}

/** torch `CosineAnnealingWarmRestarts` (SGDR, Loshchilov & Hutter 2017): cosine over periods `t0, t0*tMult, t0*tMult^2, ...`. */
export interface CosineWarmRestartsSpec extends BaseSpec {
  type: 'cosineWarmRestarts';
  /** The first period, in steps; a positive integer. */
  t0: number;
  /** Period multiplier after each restart; an integer >= 1. Default 1. */
  tMult?: number;
  /** The minimum value. Default 0. */
  etaMin?: number;
}

/** torch `LinearLR`: the factor goes linearly from `startFactor` to `endFactor` over `totalIters` steps, then stays; times `initial`. */
export interface LinearWarmupSpec extends BaseSpec {
  type: 'linearWarmup';
  /** In (0, 1]. Default 1/3. */
  startFactor?: number;
  /** In [0, 1]. Default 1. */
  endFactor?: number;
  /** A positive integer. Default 5. */
  totalIters?: number;
}

/** torch `ConstantLR`: `initial * factor` for the first `totalIters` steps, then `initial`. */
export interface ConstantWarmupSpec extends BaseSpec {
  type: 'constantWarmup';
  /** In [0, 1]. Default 1/3. */
  factor?: number;
  /** A positive integer. Default 5. */
  totalIters?: number;
}

/**
 * torch `OneCycleLR` (Smith & Topin 2018): from `maxLr / divFactor` up to `maxLr` over the
 * first `pctStart` of the steps, then down to `maxLr / divFactor / finalDivFactor` at step
 * `totalSteps - 1` (with `threePhase`, back to `maxLr / divFactor` first). Holds the final value after.
 */
export interface OneCycleSpec {
  type: 'oneCycle';
  /** The peak value; finite and > 0. */
  maxLr: number;
  /** Length of the cycle; a positive integer. Give it, or `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  /** With `stepsPerEpoch`, sets `totalSteps = epochs * stepsPerEpoch`. */
  epochs?: number;
  /** See `epochs`. */
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing; in (0, 1). Default 0.3. */
  pctStart?: number;
  /** `'cos'` or `'linear'`. Default `'cos'`. */
  annealStrategy?: 'cos' | 'linear';
  /** Start value is `maxLr / divFactor`; > 0. Default 25. */
  divFactor?: number;
  /** Final value is the start value / `finalDivFactor`; > 0. Default 1e4. */
  finalDivFactor?: number;
  /** Three phases (up, down to start, down to final) instead of two. Default false. */
  threePhase?: boolean;
}

/**
 * torch `CyclicLR` (Smith 2017): triangles between `baseLr` and `maxLr`. `maxLr` may be below
 * `baseLr`, which gives the inverted cycle torch uses for momentum.
 */
export interface CyclicSpec {
  type: 'cyclic';
  /** The value at the start of each cycle; finite. */
  baseLr: number;
  /** The value at the peak; finite. */
  maxLr: number;
  /** Steps going up; a positive integer. Default 2000. */
  stepSizeUp?: number;
  /** Steps going down; a positive integer. Default `stepSizeUp`. */
  stepSizeDown?: number;
  /** `'triangular'`, `'triangular2'` (amplitude halves every cycle) or `'exp_range'` (amplitude times `gamma^step`). Default `'triangular'`. */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** For `'exp_range'`; in (0, 1]. Default 1. */
  gamma?: number;
}

/** torch `MultiplicativeLR` with a constant factor: `initial * factor^step`. For a function of the step, see `multiplicativeLambda`. */
export interface MultiplicativeSpec extends BaseSpec {
  type: 'multiplicative';
  /** > 0. */
  factor: number;
}

/**
 * torch `SequentialLR`: `schedules[i]` runs from `milestones[i-1]` (its own step 0) to
 * `milestones[i]`. Children without `initial` take this spec's.
 */
export interface SequenceSpec extends BaseSpec {
  type: 'sequence';
  /** At least one. */
  schedules: ScheduleSpec[];
  /** `schedules.length - 1` positive integers, strictly increasing. */
  milestones: number[];
}

/**
 * The product of schedules, times `initial`: e.g. a `linearWarmup` factor times a `cosine`.
 * Children without `initial` are multipliers (their `initial` defaults to 1).
 */
export interface ProductSpec extends BaseSpec {
  type: 'product';
  /** At least one. */
  schedules: ScheduleSpec[];
}

/**
 * Linear warmup then cosine decay, held at the end (optax `warmup_cosine_decay_schedule`,
 * Hugging Face `get_cosine_schedule_with_warmup`): from `initial * startFactor` at step 0
 * to `initial` at `warmupSteps`, then cosine down to `etaMin` at `totalSteps`, then `etaMin`.
 */
export interface WarmupCosineSpec extends BaseSpec {
  type: 'warmupCosine';
  /** An integer >= 0 (0: no warmup). */
  warmupSteps: number;
  /** The step where `etaMin` is reached; an integer > `warmupSteps`. */
  totalSteps: number;
  /** In [0, 1]. Default 0. */
  startFactor?: number;
  /** The final value. Default 0. */
  etaMin?: number;
}

/**
 * A schedule as JSON data: `{ "type": "cosine", "tMax": 100, "initial": 0.1 }`. Built by
 * {@link schedule}, read from text by `parseSchedule`, written by `formatSchedule`.
 */
export type ScheduleSpec =
  | ConstantSpec
  | StepSpec
  | MultiStepSpec
  | ExponentialSpec
  | InverseTimeSpec
  | PolynomialSpec
  | CosineSpec
  | CosineWarmRestartsSpec
  | LinearWarmupSpec
  | ConstantWarmupSpec
  | OneCycleSpec
  | CyclicSpec
  | MultiplicativeSpec
  | SequenceSpec
  | ProductSpec
  | WarmupCosineSpec;

/** The `type` of a {@link ScheduleSpec}. */
export type ScheduleType = ScheduleSpec['type'];
