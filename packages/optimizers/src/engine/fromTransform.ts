import { DescentError } from '@descent/core';
import type { Tensor } from '@descent/core';
import { partsOf } from '../chain';
import { checkGiven, resolveHyperparameter, resolveOptions } from '../optionSpec';
import type { OptionSpec } from '../optionSpec';
import { clipByGlobalNorm, clipByValue } from '../transforms/clipping';
import type { FusedContext, FusedKernel, FusedPlan, StepNotes, Transform } from '../transform';
import type { CommonOptions, GroupView, Grads, Hyperparameter, Optimizer, OptimizerState, Params, StepReport, TensorValues } from '../types';
import { Accumulation } from './accumulation';
import { checkCommon } from './commonOptions';
import { buildGroups } from './groups';
import { matchGrads, normalizeParams } from './params';
import { Slot } from './slot';
import type { Allocate } from './slot';
import { readState, serializeTensor } from './stateDict';
import { Telemetry } from './telemetry';

/** Options of {@link fromTransform}: the common options, hyperparameter overrides by name, and two of its own. */
export type TransformOptions = CommonOptions<Record<string, unknown>> & {
  /** The optimizer's name in messages and states (default: the transform's name). */
  name?: string;
  /**
   * Fused kernels to try (e.g. `adamKernel`): on a backend with the `hostMemory`
   * capability, a kernel that matches the chain runs each parameter's whole update as one
   * loop. The aliases pass theirs. Default none.
   */
  kernels?: readonly FusedKernel[];
  /** The hyperparameters users may set and groups override (default: all of the transform's); the others keep their values. */
  hyperparameters?: readonly string[];
  /** Any hyperparameter of the transform, by name: it replaces the transform's value. */
  [hyperparameter: string]: unknown;
};

const NO_LR = Number.NaN;

/**
 * Turns a transform (usually a {@link chain}) into a torch-like {@link Optimizer}: named
 * parameters, parameter groups overriding the transform's hyperparameters by name,
 * schedules, validation before any state moves, accumulation, clipping, non-finite
 * handling, parameters without a gradient skipped (torch's `grad is None`), telemetry,
 * state save and load, and fused kernels where the backend and the chain allow.
 *
 * Options: those of every optimizer ({@link CommonOptions}: `groups`, `clipGradNorm`,
 * `clipGradValue`, `accumulate`, `nonFinite`, `missingGrad`, `telemetry`, `fused`,
 * `simd`), any hyperparameter of the transform by name, `name` (default the transform's),
 * `kernels` (default none).
 *
 * @example
 * const optimizer = fromTransform(
 *   chain(scaleByAdam({ betas: [0.9, 0.999] }), addDecayedWeights(0.01), scaleByLearningRate(1e-3)),
 *   { w, b },
 *   { groups: [{ params: ['b'], weightDecay: 0 }] },
 * );
 * optimizer.step({ w: gradW, b: gradB });
 */
export function fromTransform<H>(transform: Transform<H>, params: Params, options: TransformOptions = {}): Optimizer {
  if (typeof transform !== 'object' || transform === null || typeof transform.update !== 'function') {
    throw new DescentError('INVALID_ARGUMENT', `fromTransform: expected a transform (chain(...), scaleByAdam(), ...), got ${String(transform)}`);
  }
  const root = transform as unknown as Transform<Record<string, unknown>>;
  const fn = typeof options.name === 'string' ? options.name : root.name;
  const { list, backend } = normalizeParams(fn, params);
  const specs = Object.values(root.specs) as OptionSpec[];
  const names = Array.isArray(options.hyperparameters) ? (options.hyperparameters as string[]) : specs.map((s) => s.name);
  const visible = names.map((n) => specs.find((s) => s.name === n)).filter((s): s is OptionSpec => s !== undefined);
  const given = checkCommon(fn, names, options);

  // Wrappers that act on the whole step come first; the options add clipping before the rest.
  const all = partsOf(root);
  let accumulate = given.accumulate;
  let nonFinite = given.nonFinite;
  let head = 0;
  while (all[head]?.directive !== undefined) {
    const d = all[head]!.directive!;
    if (d.accumulate !== undefined) {
      if (accumulate !== 1 && accumulate !== d.accumulate) {
        throw new DescentError('INVALID_ARGUMENT', `${fn}: accumulate is given twice (${accumulate} as an option, ${d.accumulate} as a wrapper)`);
      }
      accumulate = d.accumulate;
    }
    if (d.nonFinite !== undefined) nonFinite = d.nonFinite;
    head++;
  }
  const stray = all.slice(head).find((p) => p.directive !== undefined);
  if (stray !== undefined) throw new DescentError('INVALID_ARGUMENT', `${fn}: ${stray.name} must wrap the whole chain (come before every other transform)`);
  const parts: Transform<Record<string, unknown>>[] = [
    ...(given.clipGradValue === undefined ? [] : [clipByValue(given.clipGradValue)]),
    ...(given.clipGradNorm === undefined ? [] : [clipByGlobalNorm(given.clipGradNorm)]),
    ...(all.slice(head) as Transform<Record<string, unknown>>[]),
  ];

  // Base options: the specs' defaults, replaced by the transform's values, then by the options.
  const base: Record<string, unknown> = {};
  const values = root.values as Record<string, unknown>;
  for (const spec of specs) {
    const value = (names.includes(spec.name) ? options[spec.name] : undefined) ?? values[spec.name] ?? spec.default;
    checkGiven(fn, spec, value, '');
    base[spec.name] = value;
  }
  const groups = buildGroups(fn, visible, list, base, given.groups);
  const groupOf = new Map<number, number>();
  groups.forEach((g, gi) => g.members.forEach((i) => groupOf.set(i, gi)));

  // A fused kernel when the backend offers host memory and a kernel matches the chain.
  const host = backend.capability?.('hostMemory');
  const kernel = host === undefined ? undefined : given.kernels[0];
  let plan: FusedPlan | undefined;
  if (host !== undefined && given.fused) {
    for (const k of given.kernels) {
      plan = k.match(parts);
      if (plan !== undefined) break;
    }
  }
  const allocate: Allocate = (param, name) => kernel?.allocate?.(param, name) ?? backend.zerosLike(param, name);
  const slots = list.map(({ name, tensor }, index) => new Slot(index, name, tensor, groupOf.get(index)!, backend, allocate, root.bufferShapes));

  const resolveAll = (step: number): Array<Record<string, unknown>> =>
    groups.map((g) => {
      const h = resolveOptions(fn, specs, g.options, step, g.where);
      root.check?.(fn, h, g.where);
      return h;
    });
  // Evaluate every schedule once now, so that a bad option fails at construction. Without a
  // schedule the hyperparameters are the same at every step: resolved (and checked) once.
  const initial = resolveAll(0);
  const constant = groups.every((g) => !Object.values(g.options).some(isSchedule));
  const resolveAt = (step: number): Array<Record<string, unknown>> => (constant ? initial : resolveAll(step));

  // Transforms with a training and an evaluation point (schedule-free); the mode is kept in each
  // parameter's scalars (`evalMode` 1), so a saved state restores it.
  const modal = parts.filter((p) => p.modes !== undefined);
  const inEval = (): boolean => slots.some((s) => s.scalars.evalMode === 1);
  const setMode = (to: 'train' | 'eval'): void => {
    if (disposed) throw new DescentError('DISPOSED', `${fn}.${to}: the optimizer was disposed`);
    if (modal.length === 0) return;
    const hs = resolveAt(stepCount);
    for (const s of slots) {
      if ((s.scalars.evalMode === 1) === (to === 'eval')) continue;
      s.h = hs[s.group]!;
      for (const part of modal) {
        const view = s.view<Record<string, unknown>>(part);
        if (to === 'eval') part.modes!.toEval(view);
        else part.modes!.toTrain(view);
      }
      if (to === 'eval') s.scalars.evalMode = 1;
      else delete s.scalars.evalMode;
    }
  };

  const lrOf = (h: Record<string, unknown> | undefined): number => (typeof h?.lr === 'number' ? h.lr : NO_LR);
  const accumulation = accumulate > 1 ? new Accumulation(accumulate, backend, list, allocate) : null;
  const telemetry = given.telemetry ? new Telemetry(backend, list.map((p) => p.tensor)) : null;
  let stepCount = 0;
  let disposed = false;

  const finite = (tensors: Tensor[]): boolean =>
    host !== undefined && kernel?.allFinite !== undefined ? kernel.allFinite(tensors.map((t) => host.data(t))) : backend.allFinite(tensors);

  const run = (part: Transform<Record<string, unknown>>, active: Slot[], notes: StepNotes): void => {
    if (active.length > 0) part.update({ backend, params: active.map((s) => s.view(part)), notes });
  };

  const stepName = `${fn}.step`;
  const step = (grads: Grads): StepReport => {
    if (disposed) throw new DescentError('DISPOSED', `${fn}.step: the optimizer was disposed`);
    if (modal.length > 0 && inEval()) {
      throw new DescentError('INVALID_STATE', `${fn}.step: the optimizer is in eval mode (the parameters hold the averaged point x); call train() before step()`);
    }
    // 1. Validate everything before any state moves.
    const gs = matchGrads(stepName, list, grads, given.missingGrad);
    for (const s of slots) {
      if (s.tensor.isDisposed) throw new DescentError('DISPOSED', `${fn}.step: parameter '${s.name}' was disposed`);
    }
    const hs = resolveAt(stepCount);
    const lr = lrOf(hs[0]);
    const present = gs.filter((g): g is Tensor => g !== undefined);
    // One check over every gradient (one read-back on a device); which one is bad is only looked up when one is.
    if (!finite(present)) {
      if (nonFinite === 'skip') return { step: stepCount, applied: false, skipped: true, accumulated: accumulation?.count ?? 0, lr };
      const bad = slots[gs.findIndex((g) => g !== undefined && !finite([g]))]!.name;
      throw new DescentError('NON_FINITE', `${fn}.step: gradient of '${bad}' holds NaN or Infinity (set nonFinite: 'skip' to skip such steps)`, {
        details: { parameter: bad },
      });
    }

    // 2. Accumulate.
    let sources = gs;
    let scale = 1;
    if (accumulation !== null) {
      if (!accumulation.add(gs)) return { step: stepCount, applied: false, skipped: false, accumulated: accumulation.count, lr };
      sources = accumulation.take();
      scale = 1 / accumulation.k;
    }
    const active = slots.filter((s) => sources[s.index] !== undefined);
    const report: StepReport = { step: stepCount, applied: true, skipped: false, accumulated: 0, lr };
    if (telemetry !== null) {
      if (!parts.some((p) => p.name === 'clipByGlobalNorm')) report.gradNorm = Math.sqrt(backend.sumSquares(active.map((s) => sources[s.index]!))) * scale;
      telemetry.before();
    }

    // 3. The transforms, then param += update (a fused kernel does both for a parameter).
    const notes: StepNotes = {};
    for (const s of active) {
      s.step++;
      s.begin(sources[s.index]!, scale, hs[s.group]!);
    }
    const general = plan === undefined ? parts : parts.slice(plan.prefix);
    let rest = active;
    if (plan !== undefined && host !== undefined) {
      for (const part of parts.slice(0, plan.prefix)) run(part, active, notes);
      rest = [];
      for (const s of active) {
        const single = s.single();
        if (single === undefined || single.a !== sources[s.index]) {
          rest.push(s);
          continue;
        }
        const ctx: FusedContext<Record<string, unknown>> = {
          param: host.data(s.tensor),
          grad: host.data(single.a),
          gradScale: single.coef,
          simd: given.simd,
          h: s.h,
          step: s.step,
          buffer: (name, fill) => host.data(s.buffer(name, fill)),
          has: (name) => s.buffers.has(name),
          scalars: s.scalars,
        };
        plan.run(ctx);
      }
    }
    for (const part of general) run(part, rest, notes);
    for (const s of rest) s.apply();
    stepCount++;
    report.step = stepCount;
    if (notes.gradNorm !== undefined) report.gradNorm = notes.gradNorm;
    if (notes.clipped !== undefined) report.clipped = notes.clipped;
    telemetry?.after(report);
    return report;
  };

  const stateDict = (): OptimizerState => {
    if (disposed) throw new DescentError('DISPOSED', `${fn}.stateDict: the optimizer was disposed`);
    const paramsState: OptimizerState['params'] = {};
    for (const s of slots) {
      const buffers: Record<string, { shape: number[]; data: number[] }> = {};
      for (const [name, t] of s.buffers) buffers[name] = serializeTensor(backend, t);
      paramsState[s.name] = { step: s.step, scalars: { ...s.scalars }, buffers };
    }
    return {
      format: 'descent-optimizer',
      version: 1,
      optimizer: fn,
      stepCount,
      accumulation: accumulation === null ? null : { count: accumulation.count, buffers: accumulation.pending((t) => serializeTensor(backend, t)) },
      groups: groups.map((g) => ({
        names: g.members.map((i) => list[i]!.name),
        options: Object.fromEntries(Object.entries(g.options).map(([k, v]) => [k, serializeOption(v)])),
      })),
      params: paramsState,
    };
  };

  const loadStateDict = (state: OptimizerState<TensorValues>, loadOptions: { strict?: boolean } = {}): void => {
    if (disposed) throw new DescentError('DISPOSED', `${fn}.loadStateDict: the optimizer was disposed`);
    const strict = loadOptions.strict ?? true;
    // Everything is read and checked first; only then is anything replaced.
    // Which buffers a parameter needs depends on its group's hyperparameters at the saved step
    // (e.g. momentum > 0); a schedule that fails there is the next step's error, not this one's.
    const at = typeof state === 'object' && state !== null && Number.isInteger(state.stepCount) ? state.stepCount : stepCount;
    let hs: Array<Record<string, unknown>> | undefined;
    const required = (name: string): readonly string[] => {
      try {
        hs ??= resolveAt(at);
      } catch {
        return [];
      }
      const s = slots.find((x) => x.name === name)!;
      return root.required?.(hs[s.group]!) ?? [];
    };
    const schema = { name: fn, buffers: root.buffers, bufferShapes: root.bufferShapes ?? {}, required };
    const parsed = readState(`${fn}.loadStateDict`, schema, slots, state, strict, accumulate);
    for (const [name, p] of parsed.params) {
      const s = slots.find((x) => x.name === name)!;
      for (const t of s.buffers.values()) backend.dispose(t);
      s.buffers = new Map(
        [...p.buffers].map(([b, t]) => {
          const tensor = t.shape.length === s.tensor.shape.length && t.shape.every((d, i) => d === s.tensor.shape[i]) ? allocate(s.tensor, `${name}.${b}`) : backend.zeros(t.shape, `${name}.${b}`);
          backend.write(tensor, t.data);
          return [b, tensor];
        }),
      );
      s.step = p.step;
      s.scalars = { ...p.scalars };
    }
    stepCount = parsed.stepCount;
    accumulation?.load(parsed.accumulation?.count ?? 0, parsed.accumulation?.buffers ?? new Map());
  };

  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    for (const s of slots) s.dispose();
    accumulation?.dispose();
    telemetry?.dispose();
  };

  const groupViews = (): GroupView[] =>
    groups.map((g) => ({
      names: g.members.map((i) => list[i]!.name),
      lr: g.options.lr === undefined ? NO_LR : resolveHyperparameter(g.options.lr as Hyperparameter, stepCount),
      options: g.options,
    }));

  return {
    name: fn,
    step,
    get stepCount() {
      return stepCount;
    },
    get lr() {
      return groupViews()[0]!.lr;
    },
    get groups() {
      return groupViews();
    },
    stateDict,
    loadStateDict,
    dispose,
    get mode() {
      return modal.length > 0 && inEval() ? 'eval' : 'train';
    },
    train: () => setMode('train'),
    eval: () => setMode('eval'),
  };
}

/** True for a schedule `(step) => number`, or a pair holding one. */
function isSchedule(value: unknown): boolean {
  return typeof value === 'function' || (Array.isArray(value) && value.some((v) => typeof v === 'function'));
}

function serializeOption(value: unknown): unknown {
  if (typeof value === 'function') return 'schedule';
  if (Array.isArray(value)) return value.map(serializeOption);
  return value;
}
