import type { Tensor } from '@descent/core';

/**
 * A numeric hyperparameter: a constant, or a schedule called with the optimizer's step
 * count before the update it is used for (0 for the first `step()`, 1 for the second, ...),
 * exactly like a torch LR scheduler stepped once per optimizer step. Schedules from
 * `@descent/schedulers` are such functions; any `(step) => number` works.
 *
 * @example
 * const lr: Hyperparameter = (step) => 0.1 * 0.5 ** Math.floor(step / 100);
 */
export type Hyperparameter = number | ((step: number) => number);

/** Named parameters: a record `name -> tensor`, or an ordered list of `{ name, tensor }`. */
export type Params = Readonly<Record<string, Tensor>> | ReadonlyArray<{ readonly name: string; readonly tensor: Tensor }>;

/**
 * Gradients matched by parameter name (a record) or by position (an array in parameter
 * order). A parameter without a gradient this step is left out of the record or `null`
 * in the array (see `missingGrad`).
 */
export type Grads = Readonly<Record<string, Tensor | null | undefined>> | ReadonlyArray<Tensor | null | undefined>;

/** Picks parameters by name: a list of names, a pattern, or a predicate. */
export type ParamSelector = readonly string[] | RegExp | ((name: string) => boolean);

/**
 * A parameter group: the parameters it selects use its option overrides. A parameter
 * belongs to the first group that selects it; the others form the default group.
 */
export type ParamGroup<H> = { readonly params: ParamSelector } & Partial<H>;

/**
 * The hyperparameters torch's optimizers share (torch names, camelCase); each optimizer's
 * own hyperparameters extend them.
 *
 * @example
 * interface SignSgdHyperparameters extends TorchHyperparameters { momentum: Hyperparameter }
 */
export interface TorchHyperparameters {
  lr: Hyperparameter;
  weightDecay: Hyperparameter;
  maximize: boolean;
}

/**
 * The hyperparameters of Adam's family (Adam, AdamW, Adamax, NAdam, RAdam): the moments'
 * decay rates and the denominator's eps, on top of {@link TorchHyperparameters}.
 *
 * @example
 * const h: Partial<MomentHyperparameters> = { betas: [0.9, 0.99], eps: 1e-8 };
 */
export interface MomentHyperparameters extends TorchHyperparameters {
  betas: readonly [Hyperparameter, Hyperparameter];
  eps: Hyperparameter;
}

/**
 * The options of an optimizer whose hyperparameters are `H`: any of them (the others keep
 * their defaults), plus the {@link CommonOptions}.
 *
 * @example
 * export type SignSgdOptions = OptionsOf<SignSgdHyperparameters>;
 */
export type OptionsOf<H> = Partial<H> & CommonOptions<H>;

/** Options every optimizer accepts on top of its own hyperparameters. */
export interface CommonOptions<H> {
  /** Parameter groups with option overrides, e.g. `[{ params: /bias$/, weightDecay: 0 }]`. */
  groups?: ReadonlyArray<ParamGroup<H>>;
  /** Clip the gradients' global L2 norm (over all parameters) to this value, as torch's `clip_grad_norm_`. */
  clipGradNorm?: number;
  /** Clip every gradient element to [-v, v], as torch's `clip_grad_value_` (applied before `clipGradNorm`). */
  clipGradValue?: number;
  /** Average the gradients of `k` calls of `step()` and update on every k-th call. Default 1. */
  accumulate?: number;
  /** What a step does with a NaN or infinite gradient: `'throw'` (default) or `'skip'` the step. */
  nonFinite?: 'throw' | 'skip';
  /**
   * What a step does with a parameter that has no gradient (absent from the record, or
   * `null` in the array), as torch does with `grad is None` (a frozen layer): `'skip'`
   * (default) leaves it, its state and its step count untouched; `'throw'` refuses the step.
   */
  missingGrad?: 'skip' | 'throw';
  /** Report gradient norm, update norm and update-to-weight ratio in each {@link StepReport}. Default false. */
  telemetry?: boolean;
  /**
   * Use a fused single-loop kernel where one matches the chain (Adam/AdamW, SGD) and the
   * backend offers the `hostMemory` capability (the cpu backend). Default true.
   */
  fused?: boolean;
  /**
   * Run the fused kernel as WebAssembly SIMD where one exists (Adam/AdamW without amsgrad
   * and with torch eps, SGD with momentum): in place for tensors in a `WasmArena`, else
   * staged through a cache-sized WebAssembly buffer. False keeps the JS loop. Default true.
   */
  simd?: boolean;
}

/** What one call of {@link Optimizer.step} did. */
export interface StepReport {
  /** The optimizer's step count after this call (updates applied so far). */
  step: number;
  /** True when the parameters were updated by this call. */
  applied: boolean;
  /** True when the gradients were not finite and `nonFinite: 'skip'` dropped them. */
  skipped: boolean;
  /** Gradients waiting in the accumulation buffer after this call (0 unless `accumulate` > 1). */
  accumulated: number;
  /** The learning rate the first group used (or would have used) in this call. */
  lr: number;
  /** Global L2 norm of the (averaged) gradients before clipping; with `telemetry` or `clipGradNorm`. */
  gradNorm?: number;
  /** True when `clipGradNorm` scaled the gradients down. */
  clipped?: boolean;
  /** Global L2 norm of the parameter change; with `telemetry`. */
  updateNorm?: number;
  /** Global L2 norm of the parameters after the update; with `telemetry`. */
  weightNorm?: number;
  /** `updateNorm / weightNorm` (a healthy training is often near 1e-3); with `telemetry`. */
  updateToWeight?: number;
}

/**
 * A tensor's values in a saved state: plain numbers (what `stateDict()` writes, exact in
 * JSON) or a `Float32Array` (what `loadStateDict` also reads, e.g. a view of a safetensors
 * file's bytes, with no round trip through a list of numbers).
 */
export type TensorValues = number[] | Float32Array;

/** A serialised tensor: its shape and its values, row-major (`D`: how the values are held, default `number[]`). */
export interface SerializedTensor<D extends TensorValues = number[]> {
  shape: number[];
  data: D;
}

/** The state of one parameter: its own step count, scalars, and buffers. */
export interface ParamState<D extends TensorValues = number[]> {
  step: number;
  scalars: Record<string, number>;
  buffers: Record<string, SerializedTensor<D>>;
}

/**
 * An optimizer's state, versioned and JSON-serialisable (`JSON.stringify` round-trips it
 * exactly: float32 values survive float64 text), keyed by parameter names.
 * `OptimizerState<TensorValues>` is what `loadStateDict` reads: buffers may also hold
 * `Float32Array`s (not JSON-serialisable as such).
 */
export interface OptimizerState<D extends TensorValues = number[]> {
  format: 'descent-optimizer';
  version: 1;
  /** The algorithm, e.g. `adam`. */
  optimizer: string;
  stepCount: number;
  /** Pending gradient accumulation, when `accumulate` > 1. */
  accumulation: { count: number; buffers: Record<string, SerializedTensor<D>> } | null;
  /** Informational: each group's parameter names and constant options (schedules are written as `"schedule"`). */
  groups: Array<{ names: string[]; options: Record<string, unknown> }>;
  params: Record<string, ParamState<D>>;
}

/** A group as an optimizer exposes it. */
export interface GroupView {
  readonly names: string[];
  /** The learning rate the next step will use (a schedule evaluated at the current step count). */
  readonly lr: number;
  /**
   * The group's options as given (numbers or schedules), frozen: constant hyperparameters are
   * resolved once, at construction, so a hyperparameter that varies is given as a schedule.
   */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A stateful optimizer over named parameters. */
export interface Optimizer {
  /** The algorithm, e.g. `adam`. */
  readonly name: string;
  /**
   * Applies one update from `grads` (by name, or by position in parameter order).
   * Everything is validated before any state moves: a throwing step changes nothing.
   */
  step(grads: Grads): StepReport;
  /** Updates applied so far (0 before the first step). */
  readonly stepCount: number;
  /** The learning rate the first group's next step will use. */
  readonly lr: number;
  /** The parameter groups, default group first when it has parameters. */
  readonly groups: ReadonlyArray<GroupView>;
  /** A JSON-serialisable copy of the state. */
  stateDict(): OptimizerState;
  /**
   * Restores a state (its buffers as numbers or `Float32Array`s); `strict` (default true)
   * requires an entry for every parameter and no unknown ones.
   */
  loadStateDict(state: OptimizerState<TensorValues>, options?: { strict?: boolean }): void;
  /** Frees the state tensors; the optimizer cannot step afterwards. The parameters are not touched. */
  dispose(): void;
  /**
   * `'eval'` after {@link Optimizer.eval}, else `'train'`. Only optimizers with two points
   * (schedule-free) ever leave `'train'`.
   */
  readonly mode?: 'train' | 'eval';
  /**
   * Training mode (the default): the parameters hold the point gradients are taken at.
   * Schedule-free optimizers move them back from the averaged point; for the others a no-op.
   * Call it before `step()` after an `eval()`.
   */
  train?(): void;
  /**
   * Evaluation mode: schedule-free optimizers move the parameters in place to the averaged
   * point x, the one to evaluate and save (`step()` is refused until `train()`); for the
   * others a no-op. Trainers call it before evaluating or checkpointing, and `train()` after.
   */
  eval?(): void;
}
