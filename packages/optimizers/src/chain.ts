import { DescentError } from '@descent/core';
import type { OptionSpec } from './optionSpec';
import type { StepUpdate, Transform } from './transform';

/** The leaf transforms of `t`, in order (a chain's parts, flattened). */
export function partsOf(t: Transform<object>): readonly Transform<object>[] {
  return t.parts ?? [t];
}

/** Hyperparameters of every transform in `T` (a chain's `H`). */
type Union<T extends readonly Transform<object>[]> = T extends readonly [Transform<infer H>, ...infer Rest extends readonly Transform<object>[]] ? H & Union<Rest> : unknown;

/**
 * Composes transforms: each transforms the update the previous one produced, as optax's
 * `chain`. The chain's hyperparameters are the union of its parts' (names must not
 * repeat: groups override them by name); nested chains are flattened.
 *
 * Order matters as in torch: `addL2` before `scaleByAdam` adds the penalty to the
 * gradient (Adam), `addDecayedWeights` after it decays the weights outside the adaptive
 * scaling (AdamW: the engine multiplies the parameter by `1 - lr * weightDecay` before
 * adding the rest of the update, as torch does).
 *
 * @example
 * const adamwLike = chain(scaleByAdam({ betas: [0.9, 0.999] }), addDecayedWeights(0.01), scaleByLearningRate(1e-3));
 * const optimizer = fromTransform(adamwLike, { w });
 */
export function chain<T extends readonly Transform<object>[]>(...transforms: T): Transform<Union<T>> {
  const parts = transforms.flatMap((t) => partsOf(t));
  if (parts.length === 0) throw new DescentError('INVALID_ARGUMENT', 'chain: expected at least one transform, got none');
  const specs: Record<string, OptionSpec> = {};
  const values: Record<string, unknown> = {};
  const owner: Record<string, string> = {};
  const buffers: string[] = [];
  const bufferShapes: Record<string, (shape: readonly number[]) => number[]> = {};
  for (const [i, part] of parts.entries()) {
    if (typeof part !== 'object' || part === null || typeof part.update !== 'function') {
      throw new DescentError('INVALID_ARGUMENT', `chain: argument ${i} must be a transform (scaleByAdam(), trace(), ...), got ${String(part)}`);
    }
    for (const spec of Object.values(part.specs) as OptionSpec[]) {
      if (owner[spec.name] !== undefined) {
        throw new DescentError('INVALID_ARGUMENT', `chain: option '${spec.name}' is declared by both ${owner[spec.name]} and ${part.name}; a chain's options must have distinct names`);
      }
      owner[spec.name] = part.name;
      specs[spec.name] = spec;
    }
    Object.assign(values, part.values);
    for (const b of part.buffers) {
      if (buffers.includes(b)) throw new DescentError('INVALID_ARGUMENT', `chain: buffer '${b}' is kept by two transforms (${part.name} and an earlier one)`);
      buffers.push(b);
    }
    Object.assign(bufferShapes, part.bufferShapes ?? {});
  }
  const transform: Transform<Record<string, unknown>> = {
    name: parts.map((p) => p.name).join('+'),
    // Each spec is one of its part's, checked against that part's hyperparameters.
    specs: specs as unknown as Transform<Record<string, unknown>>['specs'],
    values,
    buffers,
    bufferShapes,
    parts,
    required(h) {
      return parts.flatMap((p) => p.required?.(h) ?? []);
    },
    check(fn, h, where) {
      for (const p of parts) p.check?.(fn, h, where);
    },
    update(step: StepUpdate<Record<string, unknown>>) {
      for (const part of parts) part.update({ ...step, params: step.params.map((p) => p.within(part)) });
    },
  };
  // The union of the parts' hyperparameters is what each part reads its own keys from.
  return transform as unknown as Transform<Union<T>>;
}
