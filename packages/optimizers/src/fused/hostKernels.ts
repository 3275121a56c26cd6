import type { Tensor } from '@descent/core';
import type { FusedContext, FusedKernel, Transform } from '../transform';
import { arenaOf, simdAllFinite } from './wasmKernels';

/**
 * State allocated beside its parameter: in the same WebAssembly arena when the parameter
 * is in one (so the SIMD kernel runs in place); undefined lets the engine use the backend.
 */
export function allocateBeside(param: Tensor, name: string): Tensor | undefined {
  const arena = arenaOf(param);
  return arena !== undefined && arena.free >= param.size * 4 + 16 ? arena.zeros(param.shape, name) : undefined;
}

/**
 * True when every element of every array is finite (x - x is 0 for finite x, NaN
 * otherwise): the WebAssembly SIMD kernel (in place for a WasmArena, else staged; 10M
 * floats in ~2.5 ms in place, ~6.5 ms staged, here), or without WebAssembly a JS pass with
 * four independent accumulators (~10 ms).
 */
export function allFiniteHost(arrays: readonly Float32Array[]): boolean {
  return arrays.every(finite);
}

function finite(a: Float32Array): boolean {
  const fast = simdAllFinite(a);
  if (fast !== null) return fast;
  const n = a.length;
  const end = n - (n % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < end; i += 4) {
    s0 += a[i]! - a[i]!;
    s1 += a[i + 1]! - a[i + 1]!;
    s2 += a[i + 2]! - a[i + 2]!;
    s3 += a[i + 3]! - a[i + 3]!;
  }
  for (let i = end; i < n; i++) s0 += a[i]! - a[i]!;
  return s0 + s1 + s2 + s3 === 0;
}

/**
 * Matches a chain's parts against a pattern of part names (a trailing `?` marks an optional
 * one), after any leading `clipByGlobalNorm` (which only scales the gradient). Returns the
 * number of leading parts and which optional ones are present, or undefined.
 */
export function matchParts(parts: readonly Transform<object>[], pattern: readonly string[]): { prefix: number; present: Set<string> } | undefined {
  let i = 0;
  while (parts[i]?.name === 'clipByGlobalNorm') i++;
  const prefix = i;
  const present = new Set<string>();
  for (const entry of pattern) {
    const optional = entry.endsWith('?');
    const name = optional ? entry.slice(0, -1) : entry;
    if (parts[i]?.name === name) {
      present.add(name);
      i++;
    } else if (!optional) return undefined;
  }
  return i === parts.length ? { prefix, present } : undefined;
}

/** What every loop of a {@link momentKernel} reads besides its rule's own options. */
export interface DecayHyperparameters {
  lr: number;
  weightDecay?: number;
  maximize?: boolean;
}

/**
 * One parameter's update by a {@link momentKernel}, given its gradient's scale and weight
 * decay worked out: the gradient is `s g` (negated for `maximize`); with an L2 penalty
 * (`addL2`) `l2 p` is added to it, with decoupled decay (`addDecayedWeights`) the parameter
 * is multiplied by `decay` first; the other of `decay` and `l2` is then 1 or 0.
 */
export type LoopOf<H> = (ctx: FusedContext<H>, s: number, decay: number, l2: number) => void;

/**
 * A fused kernel for a rule that keeps Adam's moments (`scaleByAdam`, `scaleByNadam`): the
 * chain `[maximize] [addL2] <rule> [addDecayedWeights] scaleByLearningRate`, after any
 * `clipByGlobalNorm`, with an L2 penalty or decoupled decay but not both. `loop` updates one
 * parameter.
 */
export function momentKernel<H extends DecayHyperparameters>(name: string, rule: string, loop: LoopOf<H>): FusedKernel {
  return {
    name,
    match(parts) {
      const found = matchParts(parts, ['maximize?', 'addL2?', rule, 'addDecayedWeights?', 'scaleByLearningRate']);
      if (found === undefined || (found.present.has('addL2') && found.present.has('addDecayedWeights'))) return undefined;
      const decoupled = found.present.has('addDecayedWeights');
      return {
        prefix: found.prefix,
        run: (ctx) => {
          const { h, gradScale } = ctx as unknown as FusedContext<H>;
          const weightDecay = h.weightDecay ?? 0;
          const s = h.maximize === true ? -gradScale : gradScale;
          loop(ctx as unknown as FusedContext<H>, s, decoupled ? 1 - h.lr * weightDecay : 1, decoupled ? 0 : weightDecay);
        },
      };
    },
    allocate: allocateBeside,
    allFinite: allFiniteHost,
  };
}
