import type { Backend, Tensor } from '@descent/core';
import type { GivenOptions, SpecTable } from './optionSpec';

/**
 * One parameter's update inside a step, as a transform sees it. The update starts as the
 * gradient (averaged when accumulating) and ends added to the parameter (`param += update`,
 * so `scaleByLearningRate` multiplies by `-lr`). It is kept in a deferred form, a sum of
 * terms `coef * a` or `coef * a / b`, so that scaling it costs nothing and the final
 * apply is torch's own `add_`/`addcdiv_`; a transform that needs the values asks for them.
 */
export interface ParamUpdate<H> {
  readonly backend: Backend;
  /** The parameter's name. */
  readonly name: string;
  /** The parameter (read it; the engine writes it once, at the end of the step). */
  readonly param: Tensor;
  /** The parameter group's hyperparameters at this step. */
  readonly h: H;
  /** This parameter's step number, 1 for its first update (torch's `state['step']`). */
  readonly step: number;
  /** The persistent buffer `name` of this parameter, created on first use as zeros (or `fill`). */
  buffer(name: string, fill?: number): Tensor;
  /** True when buffer `name` exists (torch's "buffer is None" test). */
  has(name: string): boolean;
  /** Scratch tensor number `index` of the parameter's shape, this transform's own, never saved. */
  temp(index: number): Tensor;
  /** Persistent per-parameter scalars (e.g. NAdam's `muProduct`). */
  readonly scalars: Record<string, number>;
  /** The update's values, to read only (no copy when it is a single unscaled tensor). */
  read(): Tensor;
  /** The update as one tensor this transform may overwrite in place (the update's own scratch). */
  materialize(): Tensor;
  /** Multiplies the update by `s` (deferred: no memory is touched). */
  scale(s: number): void;
  /**
   * Replaces the update by `coef * a` (or `coef * a / b`), deferred. `a` and `b` must not
   * change until the step ends: a state buffer, this transform's temp, or the scratch.
   */
  replace(a: Tensor, coef?: number, b?: Tensor): void;
  /** Adds `coef * a` (or `coef * a / b`) to the update, deferred, with `replace`'s rule for `a` and `b`. */
  add(a: Tensor, coef?: number, b?: Tensor): void;
  /** The update when it is still `coef * a` of one tensor, else undefined (global transforms use it to avoid copies). */
  single(): { readonly a: Tensor; readonly coef: number } | undefined;
  /** The same parameter seen by another transform (its own temps); used by combinators. */
  within(owner: object): ParamUpdate<H>;
}

/** Telemetry a transform may report for the step (`clipByGlobalNorm` sets both). */
export interface StepNotes {
  /** Global L2 norm of the gradients before clipping. */
  gradNorm?: number;
  /** True when the gradients were scaled down. */
  clipped?: boolean;
}

/** One step, as a transform sees it: every parameter it applies to, in parameter order. */
export interface StepUpdate<H> {
  readonly backend: Backend;
  readonly params: ReadonlyArray<ParamUpdate<H>>;
  readonly notes: StepNotes;
}

/**
 * A gradient transformation, in the spirit of optax's `GradientTransformation`: the
 * hyperparameters it reads (their specs, so groups can override them by name and numbers
 * may be schedules), the buffers it keeps per parameter, and an in-place `update` over
 * the Backend. Transforms compose with {@link chain}; {@link fromTransform} turns one into
 * a torch-like `Optimizer`.
 *
 * `H` is the resolved type of its hyperparameters (numbers, booleans, pairs, choices).
 * A matrix-shaped transform reads `param.shape`; a factored-state one keeps buffers of
 * other shapes (declare them in `bufferShapes`).
 *
 * @example
 * const scaleByTwo: Transform<object> = {
 *   name: 'scaleByTwo', specs: {}, values: {}, buffers: [],
 *   update: ({ params }) => params.forEach((p) => p.scale(2)),
 * };
 */
export interface Transform<H = object> {
  /** e.g. `scaleByAdam`, or the chain's own name. */
  readonly name: string;
  /** One spec per hyperparameter (name, type, default, range, description). */
  readonly specs: SpecTable<H>;
  /** Values given when it was made; they replace the specs' defaults (group options replace these). */
  readonly values: GivenOptions<H>;
  /** Every buffer name it may keep per parameter (checked when a state is loaded). */
  readonly buffers: readonly string[];
  /** Buffers whose shape is not the parameter's: `name -> shape` of a parameter shape. */
  readonly bufferShapes?: Readonly<Record<string, (shape: readonly number[]) => number[]>>;
  /** Buffers that every parameter with a step > 0 must have (a saved state without one is refused). */
  required?(h: H): readonly string[];
  /**
   * Set by the wrappers that act on a whole step ({@link accumulate}, {@link skipNonFinite}):
   * the engine runs them before the gradients reach any transform.
   */
  readonly directive?: { readonly accumulate?: number; readonly nonFinite?: 'skip' };
  /** The leaf transforms of a chain, in order (a leaf lists only itself). */
  readonly parts?: readonly Transform<object>[];
  /** Cross-option checks (e.g. Nesterov needs momentum); throws `INVALID_HYPERPARAMETER`. */
  check?(fn: string, h: H, where: string): void;
  /**
   * A transform with a training and an evaluation point (schedule-free): `toEval` moves a
   * parameter in place from the point gradients are taken at to the point to evaluate and
   * save, `toTrain` moves it back. The optimizer then has working `train()` / `eval()`, and
   * `step()` refuses to run in eval mode.
   */
  readonly modes?: { toEval(p: ParamUpdate<H>): void; toTrain(p: ParamUpdate<H>): void };
  /** Transforms every parameter's update of this step, in place. */
  update(step: StepUpdate<H>): void;
}

/**
 * What a fused kernel sees for one parameter: the whole update (the chain it was matched
 * to, applied) as one loop over `Float32Array`s. The gradient is read-only and scaled by
 * `gradScale` (averaging, clipping by norm).
 */
export interface FusedContext<H> {
  readonly param: Float32Array;
  readonly grad: Float32Array;
  readonly gradScale: number;
  /** True to run a WebAssembly SIMD kernel where one exists (option `simd`, default true). */
  readonly simd: boolean;
  readonly h: H;
  readonly step: number;
  buffer(name: string, fill?: number): Float32Array;
  has(name: string): boolean;
  readonly scalars: Record<string, number>;
}

/**
 * A fused kernel: the same math as a chain of transforms, as one loop per parameter over
 * host memory. The engine uses it only on a backend that offers the `hostMemory`
 * capability, and only when `match` accepts the chain: kept honest by tests that compare
 * it with the general path.
 */
export interface FusedKernel {
  readonly name: string;
  /** A plan for this chain, or undefined when the chain is not one this kernel computes. */
  match(parts: readonly Transform<object>[]): FusedPlan | undefined;
  /** Allocates a state buffer beside `param` (e.g. in its WebAssembly memory); undefined: the backend's zerosLike. */
  allocate?(param: Tensor, name: string): Tensor | undefined;
  /** True when every element is finite (a faster check over host memory than the backend's). */
  allFinite?(arrays: readonly Float32Array[]): boolean;
}

/** How a {@link FusedKernel} runs a chain it matched. */
export interface FusedPlan {
  /**
   * How many leading parts the engine runs first through the general path: they may only
   * scale the gradient (e.g. `clipByGlobalNorm`). The kernel computes all the others.
   */
  readonly prefix: number;
  /** One parameter's update (every part after the prefix), applied to the parameter. */
  run(ctx: FusedContext<Record<string, unknown>>): void;
}
