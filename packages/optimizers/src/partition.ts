import { DescentError } from '@descent/core';
import type { Tensor } from '@descent/core';
import { matchGrads, normalizeParams } from './engine/params';
import type { GroupView, Grads, Optimizer, OptimizerState, Params, StepReport } from './types';

/** The state of a {@link partition}: each part's own state, by label. */
export interface PartitionState extends OptimizerState {
  parts: Record<string, OptimizerState>;
}

/** Options of {@link partition}. */
export interface PartitionOptions {
  /**
   * What a step does with a NaN or infinite gradient in any part: `'throw'` (default)
   * refuses it, `'skip'` skips the whole step (no part moves, no state changes, the step
   * count stays). The parts never see a non-finite gradient, so their own `nonFinite` is
   * not consulted.
   */
  nonFinite?: 'throw' | 'skip';
}

/**
 * One optimizer over parameters split between several: `label(name, tensor)` names the part
 * each parameter belongs to, and `parts[label]` builds that part's optimizer over its
 * parameters. The usual use is Muon for the weight matrices and AdamW for biases and gains,
 * which the engine's groups cannot do (groups change hyperparameters, not the algorithm).
 * `step()` checks every gradient (names, shapes, finiteness) before any part moves; the
 * state holds each part's; `train()` / `eval()` reach every part; `lr` is the first part's.
 * `options.nonFinite` (default `'throw'`): `'skip'` skips a step with a NaN or infinite
 * gradient in any part as a whole, leaving every part's state untouched.
 *
 * @example
 * const optimizer = partition({ w1, b1, w2, b2 }, (name, t) => (t.shape.length === 2 ? 'muon' : 'adamw'), {
 *   muon: (p) => muon(p, { lr: 0.02, weightDecay: 0.01 }),
 *   adamw: (p) => adamw(p, { lr: 3e-4, betas: [0.9, 0.95], eps: 1e-10, weightDecay: 0 }),
 * });
 */
export function partition(
  params: Params,
  label: (name: string, tensor: Tensor) => string,
  parts: Readonly<Record<string, (params: Record<string, Tensor>) => Optimizer>>,
  options: PartitionOptions = {},
): Optimizer {
  const fn = 'partition';
  const { list, backend } = normalizeParams(fn, params);
  const nonFinite = options?.nonFinite ?? 'throw';
  if (nonFinite !== 'throw' && nonFinite !== 'skip') {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: nonFinite must be 'throw' or 'skip', got ${JSON.stringify(nonFinite)}`, { details: { option: 'nonFinite' } });
  }
  if (typeof label !== 'function') throw new DescentError('INVALID_ARGUMENT', `${fn}: label must be a function (name, tensor) => part, got ${String(label)}`);
  const split = new Map<string, Record<string, Tensor>>();
  const owner = new Map<string, string>();
  for (const { name, tensor } of list) {
    const part = label(name, tensor);
    if (typeof parts[part] !== 'function') {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: parameter '${name}' is labelled '${String(part)}', expected one of ${Object.keys(parts).join(', ')}`);
    }
    if (!split.has(part)) split.set(part, {});
    split.get(part)![name] = tensor;
    owner.set(name, part);
  }
  const built: Array<[string, Optimizer]> = [];
  try {
    for (const [part, p] of split) built.push([part, parts[part]!(p)]);
  } catch (e) {
    for (const [, o] of built) o.dispose();
    throw e;
  }
  let stepCount = 0;

  const step = (grads: Grads): StepReport => {
    // Every gradient checked first, so that no part moves when one would refuse.
    const gs = matchGrads(`${fn}.step`, list, grads, 'skip');
    const present = gs.filter((g): g is Tensor => g !== undefined);
    if (built.some(([, o]) => o.mode === 'eval')) throw new DescentError('INVALID_STATE', `${fn}.step: a part is in eval mode; call train() before step()`);
    if (!backend.allFinite(present)) {
      if (nonFinite === 'skip') return { step: stepCount, applied: false, skipped: true, accumulated: 0, lr: built[0]![1].lr };
      const bad = list[gs.findIndex((g) => g !== undefined && !backend.allFinite([g]))]!.name;
      throw new DescentError('NON_FINITE', `${fn}.step: gradient of '${bad}' holds NaN or Infinity (set nonFinite: 'skip' to skip such steps)`, { details: { parameter: bad } });
    }
    const byPart = new Map<string, Record<string, Tensor>>();
    gs.forEach((g, i) => {
      if (g === undefined) return;
      const part = owner.get(list[i]!.name)!;
      if (!byPart.has(part)) byPart.set(part, {});
      byPart.get(part)![list[i]!.name] = g;
    });
    let first: StepReport | undefined;
    for (const [part, o] of built) {
      const report = o.step(byPart.get(part) ?? {});
      first ??= report;
    }
    stepCount++;
    return { ...(first ?? { applied: true, skipped: false, accumulated: 0, lr: Number.NaN }), step: stepCount };
  };

  return {
    name: fn,
    step,
    get stepCount() {
      return stepCount;
    },
    get lr() {
      return built[0]![1].lr;
    },
    get groups(): GroupView[] {
      return built.flatMap(([, o]) => o.groups);
    },
    get mode() {
      return built.some(([, o]) => o.mode === 'eval') ? 'eval' : 'train';
    },
    stateDict(): PartitionState {
      return {
        format: 'descent-optimizer',
        version: 1,
        optimizer: fn,
        stepCount,
        accumulation: null,
        groups: [],
        params: {},
        parts: Object.fromEntries(built.map(([part, o]) => [part, o.stateDict()])),
      };
    },
    loadStateDict(state, options) {
      const given = (state as Partial<PartitionState> | null)?.parts;
      if (typeof given !== 'object' || given === null || built.some(([part]) => typeof given[part] !== 'object')) {
        throw new DescentError('INVALID_STATE', `${fn}.loadStateDict: expected a partition state with parts ${built.map(([p]) => p).join(', ')}`);
      }
      // Each part checks its own state before replacing anything; a later part's refusal restores the earlier ones.
      const before = built.map(([, o]) => o.stateDict());
      try {
        for (const [part, o] of built) o.loadStateDict(given[part]!, options);
      } catch (e) {
        built.forEach(([, o], i) => o.loadStateDict(before[i]!));
        throw e;
      }
      stepCount = Number.isInteger(state.stepCount) ? state.stepCount : stepCount;
    },
    dispose() {
      for (const [, o] of built) o.dispose();
    },
    train() {
      for (const [, o] of built) o.train?.();
    },
    eval() {
      for (const [, o] of built) o.eval?.();
    },
  };
}
