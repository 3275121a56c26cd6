import { DescentError, cpuData, isCpuTensor } from '@descent/core';
import type { Tensor } from '@descent/core';
import { allFinite } from './finite';
import { arenaOf } from './wasm-arena';
import { checkGiven, checkNumber, resolveHyperparameter, resolveOptions } from './option-spec';
import type { Resolved } from './option-spec';
import { matchGrads, normalizeParams, selects } from './params';
import type { NamedTensor } from './params';
import type { FusedContext, Rule, UpdateContext } from './rule';
import { readState, serializeTensor } from './state';
import type {
  CommonOptions,
  GroupView,
  Grads,
  Hyperparameter,
  Optimizer,
  OptimizerState,
  ParamGroup,
  Params,
  StepReport,
} from './types';

const COMMON_KEYS = new Set(['groups', 'clipGradNorm', 'clipGradValue', 'accumulate', 'nonFinite', 'telemetry', 'fused', 'simd']);

/** Everything one parameter carries between steps. */
interface Slot {
  /** Position in the parameters as given (positional gradients follow it). */
  readonly index: number;
  readonly name: string;
  readonly tensor: Tensor;
  step: number;
  scalars: Record<string, number>;
  buffers: Map<string, Tensor>;
  /** Scratch tensors, allocated on first use, never saved. */
  temps: Tensor[];
  gradScratch: Tensor | null;
  accumulator: Tensor | null;
  previous: Tensor | null;
}

interface Group {
  readonly where: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly slots: Slot[];
}

/**
 * Builds an {@link Optimizer} from an update {@link Rule}: the shared machinery (named
 * parameters, groups, schedules, validation before any state moves, clipping,
 * accumulation, non-finite handling, telemetry, state save and load, fused cpu kernels).
 * Every built-in factory (`adam`, `sgd`, ...) is this function applied to its rule; a new
 * algorithm needs only a rule.
 *
 * @example
 * const signSgd = (params, options) => createRuleOptimizer(signSgdRule, params, options);
 */
export function createRuleOptimizer<H>(rule: Rule, params: Params, options: Partial<H> & CommonOptions<H> = {}): Optimizer {
  const fn = rule.name;
  const { list, backend } = normalizeParams(fn, params);
  const given = checkCommon(fn, rule, options as Record<string, unknown>);

  // Base options: the rule's defaults overridden by the top-level options.
  const base: Record<string, unknown> = {};
  for (const spec of rule.specs) {
    const value = (options as Record<string, unknown>)[spec.name] ?? spec.default;
    checkGiven(fn, spec, value, '');
    base[spec.name] = value;
  }
  const groups = buildGroups(fn, rule, list, base, given.groups);
  // Evaluate every schedule once now, so a bad option fails at construction.
  for (const g of groups) {
    const h = resolveOptions(fn, rule.specs, g.options, 0, g.where);
    rule.check?.(fn, h, g.where);
  }

  const slots = groups.flatMap((g) => g.slots).sort((a, b) => a.index - b.index);
  let stepCount = 0;
  let accumulated = 0;
  let disposed = false;

  const useFused = rule.fused !== undefined && given.fused && given.clipGradValue === undefined && isCpuTensor(list[0]!.tensor);

  const temp = (slot: Slot, index: number): Tensor => {
    let t = slot.temps[index];
    if (t === undefined) {
      t = backend.zerosLike(slot.tensor, `${slot.name}.temp${index}`);
      slot.temps[index] = t;
    }
    return t;
  };
  // State lives next to its parameter: in the same WebAssembly arena when it is in one
  // (so the SIMD kernel can run), else wherever the backend puts it.
  const allocate = (slot: Slot, name: string): Tensor => {
    const arena = arenaOf(slot.tensor);
    if (arena !== undefined && arena.free >= slot.tensor.size * 4 + 16) return arena.zeros(slot.tensor.shape, name);
    return backend.zerosLike(slot.tensor, name);
  };
  const buffer = (slot: Slot, name: string, fill?: number): Tensor => {
    let t = slot.buffers.get(name);
    if (t === undefined) {
      t = allocate(slot, `${slot.name}.${name}`);
      if (fill !== undefined && fill !== 0) backend.fill(t, fill);
      slot.buffers.set(name, t);
    }
    return t;
  };
  const scratch = (slot: Slot, key: 'gradScratch' | 'accumulator' | 'previous'): Tensor => {
    let t = slot[key];
    if (t === null) {
      // The accumulated gradient feeds the fused kernels: keep it in the parameter's arena.
      t = key === 'accumulator' ? allocate(slot, `${slot.name}.${key}`) : backend.zerosLike(slot.tensor, `${slot.name}.${key}`);
      slot[key] = t;
    }
    return t;
  };

  const resolveAll = (step: number): Resolved[] =>
    groups.map((g) => {
      const h = resolveOptions(fn, rule.specs, g.options, step, g.where);
      rule.check?.(fn, h, g.where);
      return h;
    });

  const step = (grads: Grads): StepReport => {
    if (disposed) throw new DescentError('DISPOSED', `${fn}.step: the optimizer was disposed`);
    // 1. Validate everything before any state moves.
    const gs = matchGrads(`${fn}.step`, slots, grads);
    for (const s of slots) {
      if (s.tensor.isDisposed) throw new DescentError('DISPOSED', `${fn}.step: parameter '${s.name}' was disposed`);
    }
    const hs = resolveAll(stepCount);
    const lr = hs[0]!.lr as number;
    // One check over every gradient (one read-back on a device); which one is bad is only looked up when one is.
    if (!allFinite(backend, gs)) {
      if (given.nonFinite === 'skip') return { step: stepCount, applied: false, skipped: true, accumulated, lr };
      const bad = slots[gs.findIndex((g) => !allFinite(backend, [g]))]!.name;
      throw new DescentError('NON_FINITE', `${fn}.step: gradient of '${bad}' holds NaN or Infinity (set nonFinite: 'skip' to skip such steps)`, {
        details: { parameter: bad },
      });
    }

    // 2. Accumulate.
    let sources: Tensor[] = gs;
    let scale = 1;
    if (given.accumulate > 1) {
      slots.forEach((s, i) => {
        const acc = scratch(s, 'accumulator');
        if (accumulated === 0) backend.copy(acc, gs[i]!);
        else backend.add(acc, gs[i]!);
      });
      accumulated++;
      if (accumulated < given.accumulate) return { step: stepCount, applied: false, skipped: false, accumulated, lr };
      accumulated = 0;
      sources = slots.map((s) => s.accumulator!);
      scale = 1 / given.accumulate;
    }

    // 3. Clip: by value (materialised into scratch), then by global norm (as a scale).
    let materialised = false;
    if (given.clipGradValue !== undefined) {
      const v = given.clipGradValue;
      sources = slots.map((s, i) => {
        const g = scratch(s, 'gradScratch');
        backend.copy(g, sources[i]!);
        if (scale !== 1) backend.scale(g, scale);
        backend.clamp(g, -v, v);
        return g;
      });
      scale = 1;
      materialised = true;
    }
    const report: StepReport = { step: stepCount, applied: true, skipped: false, accumulated: 0, lr };
    if (given.clipGradNorm !== undefined || given.telemetry) {
      const gradNorm = Math.sqrt(backend.sumSquares(sources)) * scale;
      report.gradNorm = gradNorm;
      if (given.clipGradNorm !== undefined) {
        // torch.nn.utils.clip_grad_norm_: coef = max_norm / (total_norm + 1e-6), clamped to 1.
        const coef = given.clipGradNorm / (gradNorm + 1e-6);
        report.clipped = coef < 1;
        if (coef < 1) scale *= coef;
      }
    }
    if (given.telemetry) for (const s of slots) backend.copy(scratch(s, 'previous'), s.tensor);

    // 4. Update, group by group.
    groups.forEach((g, gi) => {
      const h = hs[gi]!;
      for (const s of g.slots) {
        const source = sources[s.index]!;
        s.step++;
        if (useFused) {
          const ctx: FusedContext = {
            param: cpuData(s.tensor, `${fn}.step`),
            grad: cpuData(source, `${fn}.step`),
            gradScale: scale,
            simd: given.simd,
            h,
            step: s.step,
            buffer: (name, fill) => cpuData(buffer(s, name, fill)),
            has: (name) => s.buffers.has(name),
            scalars: s.scalars,
          };
          rule.fused!(ctx);
        } else {
          let grad = source;
          if (!materialised) {
            grad = scratch(s, 'gradScratch');
            backend.copy(grad, source);
          }
          if (scale !== 1) backend.scale(grad, scale);
          const ctx: UpdateContext = {
            backend,
            param: s.tensor,
            grad,
            h,
            step: s.step,
            buffer: (name, fill) => buffer(s, name, fill),
            has: (name) => s.buffers.has(name),
            temp: (i) => temp(s, i),
            scalars: s.scalars,
          };
          rule.update(ctx);
        }
      }
    });
    stepCount++;
    report.step = stepCount;

    // 5. Telemetry.
    if (given.telemetry) {
      for (const s of slots) {
        backend.scale(s.previous!, -1);
        backend.add(s.previous!, s.tensor);
      }
      report.updateNorm = Math.sqrt(backend.sumSquares(slots.map((s) => s.previous!)));
      report.weightNorm = Math.sqrt(backend.sumSquares(slots.map((s) => s.tensor)));
      report.updateToWeight = report.weightNorm === 0 ? Infinity : report.updateNorm / report.weightNorm;
    }
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
    const accumulation =
      given.accumulate > 1
        ? {
            count: accumulated,
            buffers: Object.fromEntries(accumulated > 0 ? slots.map((s) => [s.name, serializeTensor(backend, s.accumulator!)]) : []),
          }
        : null;
    return {
      format: 'descent-optimizer',
      version: 1,
      optimizer: rule.name,
      stepCount,
      accumulation,
      groups: groups.map((g) => ({
        names: g.slots.map((s) => s.name),
        options: Object.fromEntries(Object.entries(g.options).map(([k, v]) => [k, serializeOption(v)])),
      })),
      params: paramsState,
    };
  };

  const loadStateDict = (state: OptimizerState, loadOptions: { strict?: boolean } = {}): void => {
    if (disposed) throw new DescentError('DISPOSED', `${fn}.loadStateDict: the optimizer was disposed`);
    const strict = loadOptions.strict ?? true;
    // Everything is read and checked first; only then is anything replaced.
    const parsed = readState(`${fn}.loadStateDict`, rule, slots, state, strict, given.accumulate);
    for (const [name, p] of parsed.params) {
      const s = slots.find((x) => x.name === name)!;
      for (const t of s.buffers.values()) backend.dispose(t);
      s.buffers = new Map(
        [...p.buffers].map(([b, t]) => {
          const tensor = allocate(s, `${name}.${b}`);
          backend.write(tensor, t.data);
          return [b, tensor];
        }),
      );
      s.step = p.step;
      s.scalars = { ...p.scalars };
    }
    stepCount = parsed.stepCount;
    accumulated = parsed.accumulation?.count ?? 0;
    if (parsed.accumulation !== null && accumulated > 0) {
      for (const s of slots) backend.write(scratch(s, 'accumulator'), parsed.accumulation.buffers.get(s.name)!.data);
    }
  };

  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    for (const s of slots) {
      for (const t of s.buffers.values()) backend.dispose(t);
      for (const t of s.temps) backend.dispose(t);
      for (const t of [s.gradScratch, s.accumulator, s.previous]) if (t !== null) backend.dispose(t);
      s.buffers.clear();
      s.temps = [];
    }
  };

  const groupViews = (): GroupView[] =>
    groups.map((g) => ({
      names: g.slots.map((s) => s.name),
      lr: resolveHyperparameter(g.options.lr as Hyperparameter, stepCount),
      options: g.options,
    }));

  return {
    name: rule.name,
    step,
    get stepCount() {
      return stepCount;
    },
    get lr() {
      return resolveHyperparameter(groups[0]!.options.lr as Hyperparameter, stepCount);
    },
    get groups() {
      return groupViews();
    },
    stateDict,
    loadStateDict,
    dispose,
  };
}

interface CheckedCommon {
  groups: ReadonlyArray<ParamGroup<unknown>>;
  clipGradNorm: number | undefined;
  clipGradValue: number | undefined;
  accumulate: number;
  nonFinite: 'throw' | 'skip';
  telemetry: boolean;
  fused: boolean;
  simd: boolean;
}

function checkCommon(fn: string, rule: Rule, options: Record<string, unknown>): CheckedCommon {
  if (typeof options !== 'object' || options === null) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: options must be an object, got ${String(options)}`);
  }
  const names = new Set(rule.specs.map((s) => s.name));
  for (const key of Object.keys(options)) {
    if (!names.has(key) && !COMMON_KEYS.has(key)) {
      throw new DescentError(
        'INVALID_ARGUMENT',
        `${fn}: unknown option '${key}', expected one of ${[...names, ...COMMON_KEYS].join(', ')}`,
      );
    }
  }
  const positive = { name: '', type: 'number', default: 1, min: 0, minExclusive: true, description: '' } as const;
  const clipGradNorm = options.clipGradNorm === undefined ? undefined : checkNumber(fn, 'clipGradNorm', options.clipGradNorm, positive);
  const clipGradValue = options.clipGradValue === undefined ? undefined : checkNumber(fn, 'clipGradValue', options.clipGradValue, positive);
  const accumulate = options.accumulate ?? 1;
  if (typeof accumulate !== 'number' || !Number.isInteger(accumulate) || accumulate < 1) {
    throw new DescentError('INVALID_HYPERPARAMETER', `${fn}: accumulate must be an integer >= 1, got ${String(accumulate)}`);
  }
  const nonFinite = options.nonFinite ?? 'throw';
  if (nonFinite !== 'throw' && nonFinite !== 'skip') {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: nonFinite must be 'throw' or 'skip', got ${String(nonFinite)}`);
  }
  for (const key of ['telemetry', 'fused', 'simd'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: ${key} must be a boolean, got ${String(options[key])}`);
    }
  }
  const groups = options.groups ?? [];
  if (!Array.isArray(groups)) throw new DescentError('INVALID_ARGUMENT', `${fn}: groups must be an array, got ${String(groups)}`);
  return {
    groups: groups as ReadonlyArray<ParamGroup<unknown>>,
    clipGradNorm,
    clipGradValue,
    accumulate,
    nonFinite,
    telemetry: options.telemetry === true,
    fused: options.fused !== false,
    simd: options.simd !== false,
  };
}

function buildGroups(
  fn: string,
  rule: Rule,
  list: readonly NamedTensor[],
  base: Record<string, unknown>,
  given: ReadonlyArray<ParamGroup<unknown>>,
): Group[] {
  const names = new Set(rule.specs.map((s) => s.name));
  const explicit = given.map((g, i) => {
    const where = `groups[${i}].`;
    if (typeof g !== 'object' || g === null) throw new DescentError('INVALID_ARGUMENT', `${fn}: groups[${i}] must be an object, got ${String(g)}`);
    const sel = (g as { params: unknown }).params;
    if (!(sel instanceof RegExp) && typeof sel !== 'function' && !(Array.isArray(sel) && sel.every((s) => typeof s === 'string'))) {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: ${where}params must be a list of names, a RegExp or a function, got ${String(sel)}`);
    }
    if (Array.isArray(sel)) {
      const known = new Set(list.map((p) => p.name));
      const unknown = sel.filter((n) => !known.has(n));
      if (unknown.length > 0) throw new DescentError('INVALID_ARGUMENT', `${fn}: ${where}params names unknown parameters: ${unknown.map((n) => `'${n}'`).join(', ')}`);
    }
    const options: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(g)) {
      if (key === 'params') continue;
      if (!names.has(key)) throw new DescentError('INVALID_ARGUMENT', `${fn}: ${where}${key} is not an option a group can override; expected one of ${[...names].join(', ')}`);
      checkGiven(fn, rule.specs.find((s) => s.name === key)!, value, where);
      options[key] = value;
    }
    return { where, options, slots: [] as Slot[], selector: sel as Parameters<typeof selects>[0] };
  });
  const fallback = { where: '', options: base, slots: [] as Slot[] };
  for (const [index, { name, tensor }] of list.entries()) {
    const slot: Slot = { index, name, tensor, step: 0, scalars: {}, buffers: new Map(), temps: [], gradScratch: null, accumulator: null, previous: null };
    (explicit.find((g) => selects(g.selector, name)) ?? fallback).slots.push(slot);
  }
  const groups: Group[] = explicit.map(({ where, options, slots }) => ({ where, options, slots }));
  return fallback.slots.length > 0 ? [fallback, ...groups] : groups;
}

function serializeOption(value: unknown): unknown {
  if (typeof value === 'function') return 'schedule';
  if (Array.isArray(value)) return value.map(serializeOption);
  return value;
}
