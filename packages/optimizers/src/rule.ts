import type { Backend, Tensor } from '@descent/core';
import type { OptionSpec, Resolved } from './option-spec';

/** What an update rule sees for one parameter during one step (general path, any backend). */
export interface UpdateContext {
  readonly backend: Backend;
  /** The parameter, updated in place. */
  readonly param: Tensor;
  /** A scratch copy of the gradient (already scaled and clipped); the rule may overwrite it. */
  readonly grad: Tensor;
  /** The group's hyperparameters at this step. */
  readonly h: Resolved;
  /** This parameter's step number, 1 for its first update (torch's `state['step']`). */
  readonly step: number;
  /** The persistent buffer `name`, created on first use as zeros (or `fill`). */
  buffer(name: string, fill?: number): Tensor;
  /** True when buffer `name` exists (torch's "buffer is None" test). */
  has(name: string): boolean;
  /** Scratch tensor number `index` of the parameter's shape, allocated once and never saved. */
  temp(index: number): Tensor;
  /** Persistent per-parameter scalars (e.g. NAdam's `muProduct`). */
  readonly scalars: Record<string, number>;
}

/** What a fused cpu kernel sees: the same, as `Float32Array`s, with the gradient unscaled. */
export interface FusedContext {
  readonly param: Float32Array;
  /** The caller's gradient: read-only; multiply by `gradScale` and clip nothing (clipGradValue disables fusion). */
  readonly grad: Float32Array;
  readonly gradScale: number;
  /** True to run the WebAssembly SIMD kernel where one exists (option `simd`, default true). */
  readonly simd: boolean;
  readonly h: Resolved;
  readonly step: number;
  buffer(name: string, fill?: number): Float32Array;
  has(name: string): boolean;
  readonly scalars: Record<string, number>;
}

/**
 * An update rule: the algorithm alone. Everything around it (groups, schedules, clipping,
 * accumulation, validation, state, telemetry) is shared by every optimizer.
 */
export interface Rule {
  readonly name: string;
  readonly specs: readonly OptionSpec[];
  /** Names of every buffer this rule may keep (checked when loading a state). */
  readonly buffers: readonly string[];
  /** Cross-option checks (e.g. Nesterov needs momentum); throws `INVALID_HYPERPARAMETER`. */
  check?(fn: string, h: Resolved, where: string): void;
  /** The update, written against the Backend interface. */
  update(ctx: UpdateContext): void;
  /** The same update as one loop over `Float32Array`s, for the cpu backend. */
  fused?(ctx: FusedContext): void;
}
