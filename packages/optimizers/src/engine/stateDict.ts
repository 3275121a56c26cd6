import { DescentError } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import type { OptimizerState, SerializedTensor, TensorValues } from '../types';

/** A tensor as `{ shape, data }` with plain numbers (float32 values are exact in JSON). */
export function serializeTensor(backend: Backend, t: Tensor): SerializedTensor {
  return { shape: [...t.shape], data: Array.from(backend.read(t)) };
}

interface ParsedParam {
  step: number;
  scalars: Record<string, number>;
  buffers: Map<string, SerializedTensor<TensorValues>>;
}

/** A state checked against the optimizer's parameters, ready to be applied. */
export interface ParsedState {
  stepCount: number;
  params: Map<string, ParsedParam>;
  accumulation: { count: number; buffers: Map<string, SerializedTensor<TensorValues>> } | null;
}

const invalid = (fn: string, message: string): never => {
  throw new DescentError('INVALID_STATE', `${fn}: ${message}`);
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A saved tensor checked against the shape it must have: its values plain numbers (JSON) or
 * a `Float32Array` (kept as it is, no copy), every one finite. One counted pass over them.
 */
function readTensor(fn: string, label: string, value: unknown, shape: readonly number[], details: Record<string, string> = {}): SerializedTensor<TensorValues> {
  const data = isRecord(value) ? value.data : undefined;
  if (!isRecord(value) || !Array.isArray(value.shape) || !(Array.isArray(data) || data instanceof Float32Array)) {
    return invalid(fn, `${label} must be { shape: number[], data: number[] or Float32Array }`);
  }
  const got = value.shape as unknown[];
  if (got.length !== shape.length || got.some((d, i) => d !== shape[i])) {
    throw new DescentError('SHAPE_MISMATCH', `${fn}: ${label} has shape [${got.join(', ')}], expected [${shape.join(', ')}]`, {
      details: { expected: [...shape], actual: got },
    });
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const values = data as ArrayLike<unknown>;
  if (values.length !== size) return invalid(fn, `${label} must hold ${size} numbers, got ${values.length} values`);
  for (let i = 0; i < size; i++) {
    const x = values[i];
    // A NaN or Infinity in a state turns the weights into NaN on the next step: refuse it here.
    // (JSON writes both as null, refused as not a number.)
    if (typeof x !== 'number') return invalid(fn, `${label} must hold ${size} numbers, got ${String(x)} at index ${i}`);
    if (x - x !== 0) {
      throw new DescentError('INVALID_STATE', `${fn}: ${label} holds ${String(x)} at index ${i}; a saved state must be finite`, {
        details: { ...details, index: i },
      });
    }
  }
  return { shape: [...shape], data: data as TensorValues };
}

/** What the state of an optimizer must hold, from its transform. */
export interface StateSchema {
  /** The algorithm's name, as the state records it. */
  readonly name: string;
  /** Every buffer it may keep. */
  readonly buffers: readonly string[];
  /** Buffers whose shape is not the parameter's. */
  readonly bufferShapes: Readonly<Record<string, (shape: readonly number[]) => number[]>>;
  /** Buffers a parameter with a step > 0 must have (its group's hyperparameters decide). */
  required(parameter: string): readonly string[];
}

/**
 * Reads and checks a saved state against the optimizer before anything is replaced:
 * format and version, algorithm, every parameter's entry (strict) with known buffers of
 * the right shape and finite values, the buffers its hyperparameters need, and per-parameter
 * step counts no greater than the optimizer's. Errors name the parameter and buffer.
 */
export function readState(
  fn: string,
  schema: StateSchema,
  slots: ReadonlyArray<{ name: string; tensor: Tensor }>,
  state: OptimizerState<TensorValues>,
  strict: boolean,
  accumulate: number,
): ParsedState {
  const rule = schema;
  if (!isRecord(state)) return invalid(fn, `expected a state object, got ${String(state)}`);
  if (state.format !== 'descent-optimizer') return invalid(fn, `expected format 'descent-optimizer', got ${String(state.format)}`);
  if (state.version !== 1) return invalid(fn, `unsupported state version ${String(state.version)}, this version reads 1`);
  if (state.optimizer !== rule.name) return invalid(fn, `the state is of optimizer '${String(state.optimizer)}', expected '${rule.name}'`);
  if (!Number.isInteger(state.stepCount) || state.stepCount < 0) return invalid(fn, `stepCount must be an integer >= 0, got ${String(state.stepCount)}`);
  if (!isRecord(state.params)) return invalid(fn, 'params must be an object keyed by parameter names');
  const known = new Set(slots.map((s) => s.name));
  const unknown = Object.keys(state.params).filter((n) => !known.has(n));
  if (strict && unknown.length > 0) {
    invalid(fn, `the state has entries for unknown parameters ${unknown.map((n) => `'${n}'`).join(', ')} (pass { strict: false } to ignore them)`);
  }
  const params = new Map<string, ParsedParam>();
  for (const { name, tensor } of slots) {
    const entry = (state.params as Record<string, unknown>)[name];
    if (entry === undefined) {
      if (strict) invalid(fn, `the state has no entry for parameter '${name}' (pass { strict: false } to keep its current state)`);
      continue;
    }
    if (!isRecord(entry) || !isRecord(entry.buffers) || !isRecord(entry.scalars)) {
      return invalid(fn, `the entry of parameter '${name}' must be { step, scalars, buffers }`);
    }
    if (!Number.isInteger(entry.step) || (entry.step as number) < 0) return invalid(fn, `step of parameter '${name}' must be an integer >= 0, got ${String(entry.step)}`);
    if ((entry.step as number) > state.stepCount) {
      invalid(fn, `step of parameter '${name}' is ${String(entry.step)}, more than the optimizer's stepCount ${state.stepCount}: the state is inconsistent`);
    }
    const scalars: Record<string, number> = {};
    for (const [k, v] of Object.entries(entry.scalars)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) invalid(fn, `scalar '${k}' of parameter '${name}' must be a finite number, got ${String(v)}`);
      scalars[k] = v as number;
    }
    const buffers = new Map<string, SerializedTensor<TensorValues>>();
    for (const [b, value] of Object.entries(entry.buffers)) {
      if (!rule.buffers.includes(b)) invalid(fn, `parameter '${name}' has a buffer '${b}' that ${rule.name} does not keep (expected ${rule.buffers.join(', ')})`);
      const shape = schema.bufferShapes[b]?.(tensor.shape) ?? tensor.shape;
      buffers.set(b, readTensor(fn, `buffer '${b}' of parameter '${name}'`, value, shape, { parameter: name, buffer: b }));
    }
    if ((entry.step as number) > 0) {
      const missing = schema.required(name).filter((b) => !buffers.has(b));
      if (missing.length > 0) {
        invalid(fn, `parameter '${name}' has taken ${String(entry.step)} steps but its state has no buffer ${missing.map((b) => `'${b}'`).join(', ')} (${rule.name} needs it to continue)`);
      }
    }
    params.set(name, { step: entry.step as number, scalars, buffers });
  }
  let accumulation: ParsedState['accumulation'] = null;
  const acc = state.accumulation as unknown;
  if (isRecord(acc) && typeof acc.count === 'number' && acc.count > 0) {
    if (accumulate === 1) {
      if (strict) invalid(fn, `the state holds ${acc.count} accumulated gradients but this optimizer does not accumulate`);
    } else {
      if (!Number.isInteger(acc.count) || acc.count >= accumulate) invalid(fn, `accumulation.count must be an integer in [0, ${accumulate}), got ${acc.count}`);
      if (!isRecord(acc.buffers)) return invalid(fn, 'accumulation.buffers must be an object keyed by parameter names');
      const buffers = new Map<string, SerializedTensor<TensorValues>>();
      for (const { name, tensor } of slots) {
        // A parameter without a gradient so far in the window has no accumulated one.
        if (acc.buffers[name] === undefined) continue;
        buffers.set(name, readTensor(fn, `accumulated gradient of parameter '${name}'`, acc.buffers[name], tensor.shape, { parameter: name, buffer: 'accumulator' }));
      }
      accumulation = { count: acc.count, buffers };
    }
  } else if (acc !== null && acc !== undefined && !isRecord(acc)) {
    invalid(fn, 'accumulation must be null or { count, buffers }');
  }
  return { stepCount: state.stepCount, params, accumulation };
}
