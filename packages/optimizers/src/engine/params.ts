import { DescentError, formatTensor } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import type { Grads, ParamSelector, Params } from '../types';

/** A parameter with its name. */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: Tensor;
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'backend' in value && 'size' in value && 'shape' in value;
}

/**
 * What a value that is not a descent tensor is, and how to make one of it: a plain
 * `Float32Array` or array goes through `backend.fromArray`, a `tf.Tensor` or `tf.Variable`
 * through `tfjs.wrapTensor` / `tfjs.wrapVariable` of `@descent/core/tfjs`.
 */
export function notATensor(value: unknown): string {
  if (value instanceof Float32Array || Array.isArray(value) || ArrayBuffer.isView(value)) {
    const kind = value instanceof Float32Array ? 'a Float32Array' : Array.isArray(value) ? 'an array' : 'a typed array';
    return `${kind}, not a descent Tensor: wrap it with backend.fromArray(values, shape) (e.g. cpu.fromArray from @descent/core)`;
  }
  if (typeof value === 'object' && value !== null && 'dataId' in value && 'shape' in value) {
    const variable = 'trainable' in value;
    return `a ${variable ? 'tf.Variable' : 'tf.Tensor'}, not a descent Tensor: wrap it with ${variable ? 'tfjs.wrapVariable(variable)' : 'tfjs.wrapTensor(tensor)'} from @descent/core/tfjs`;
  }
  return String(value);
}

/**
 * The parameters as an ordered list, checked: non-empty, unique names, live tensors of one
 * backend, no tensor registered twice.
 */
export function normalizeParams(fn: string, params: Params): { list: NamedTensor[]; backend: Backend } {
  if (typeof params !== 'object' || params === null) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: params must be a record name -> tensor or an array of { name, tensor }, got ${String(params)}`);
  }
  const list: NamedTensor[] = Array.isArray(params)
    ? (params as ReadonlyArray<{ name: string; tensor: Tensor }>).map((p, i) => {
        if (typeof p !== 'object' || p === null || typeof p.name !== 'string') {
          throw new DescentError('INVALID_ARGUMENT', `${fn}: params[${i}] must be { name: string, tensor }, got ${notATensor(p)}`);
        }
        return { name: p.name, tensor: p.tensor };
      })
    : Object.entries(params as Record<string, Tensor>).map(([name, tensor]) => ({ name, tensor }));
  if (list.length === 0) throw new DescentError('INVALID_ARGUMENT', `${fn}: expected at least one parameter, got none`);
  const seen = new Set<string>();
  const tensors = new Map<Tensor, string>();
  const first = list[0]!.tensor;
  for (const { name, tensor } of list) {
    if (seen.has(name)) throw new DescentError('INVALID_ARGUMENT', `${fn}: parameter names must be unique, got '${name}' twice`);
    seen.add(name);
    if (!isTensor(tensor)) throw new DescentError('INVALID_ARGUMENT', `${fn}: parameter '${name}' must be a Tensor, got ${notATensor(tensor)}`);
    const twin = tensors.get(tensor);
    if (twin !== undefined) {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: parameters '${twin}' and '${name}' are the same tensor; register each tensor once`, {
        details: { parameters: [twin, name] },
      });
    }
    tensors.set(tensor, name);
    if (tensor.isDisposed) throw new DescentError('DISPOSED', `${fn}: parameter '${name}' was disposed`);
    if (tensor.backend !== first.backend) {
      throw new DescentError(
        'MIXED_BACKENDS',
        `${fn}: all parameters must be on one backend, got '${list[0]!.name}' on '${first.backend.name}' and '${name}' on '${tensor.backend.name}'`,
      );
    }
  }
  return { list, backend: first.backend };
}

/** True when `selector` picks parameter `name`. */
export function selects(selector: ParamSelector, name: string): boolean {
  if (selector instanceof RegExp) {
    selector.lastIndex = 0; // a /g or /y pattern keeps state between calls
    return selector.test(name);
  }
  if (typeof selector === 'function') return selector(name);
  return selector.includes(name);
}

/** What a step does with a parameter that has no gradient: skip it (torch's `grad is None`) or throw. */
export type MissingGrad = 'skip' | 'throw';

/**
 * The gradients in parameter order, checked against the parameters: same count (or known
 * names), same backend, same shape, not disposed. A parameter without one (absent from a
 * record, `null`/`undefined` in an array) gets `undefined` when `missing` is `'skip'`.
 */
export function matchGrads(fn: string, params: readonly NamedTensor[], grads: Grads, missing: MissingGrad): Array<Tensor | undefined> {
  let list: unknown[];
  if (Array.isArray(grads)) {
    if (grads.length !== params.length) {
      throw new DescentError('SHAPE_MISMATCH', `${fn}: expected ${params.length} gradients (one per parameter, null for none), got ${grads.length}`, {
        details: { expected: params.length, actual: grads.length },
      });
    }
    list = grads as unknown[];
  } else if (typeof grads === 'object' && grads !== null && !isTensor(grads)) {
    const record = grads as Record<string, unknown>;
    const names = new Set(params.map((p) => p.name));
    const unknown = Object.keys(record).filter((k) => !names.has(k));
    if (unknown.length > 0) {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: gradients for unknown parameters: ${unknown.map((n) => `'${n}'`).join(', ')}`);
    }
    list = params.map((p) => record[p.name]);
  } else {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: gradients must be a record name -> tensor or an array, got ${notATensor(grads)}`);
  }
  const absent = params.filter((_, i) => list[i] === undefined || list[i] === null).map((p) => `'${p.name}'`);
  if (absent.length === params.length || (missing === 'throw' && absent.length > 0)) {
    const why = missing === 'throw' ? " (missingGrad: 'throw')" : '';
    throw new DescentError('SHAPE_MISMATCH', `${fn}: expected a gradient for ${missing === 'throw' ? 'every' : 'at least one'} parameter${why}, missing ${absent.join(', ')}`, {
      details: { missing: absent },
    });
  }
  return list.map((g, i) => {
    const p = params[i]!;
    if (g === undefined || g === null) return undefined;
    if (!isTensor(g)) throw new DescentError('INVALID_ARGUMENT', `${fn}: gradient of '${p.name}' must be a Tensor, got ${notATensor(g)}`);
    if (g.backend !== p.tensor.backend) {
      throw new DescentError(
        'MIXED_BACKENDS',
        `${fn}: gradient of '${p.name}' is on backend '${g.backend.name}', expected '${p.tensor.backend.name}'`,
      );
    }
    if (g.isDisposed) throw new DescentError('DISPOSED', `${fn}: gradient of '${p.name}' was disposed`);
    const shape = p.tensor.shape;
    if (g.shape.length !== shape.length || g.shape.some((d, k) => d !== shape[k])) {
      throw new DescentError(
        'SHAPE_MISMATCH',
        `${fn}: gradient of '${p.name}' must have shape [${shape.join(', ')}], got ${formatTensor(g)}`,
        { details: { parameter: p.name, expected: [...shape], actual: [...g.shape] } },
      );
    }
    return g;
  });
}
