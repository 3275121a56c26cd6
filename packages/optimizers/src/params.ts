import { DescentError, formatTensor } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import type { Grads, ParamSelector, Params } from './types';

/** A parameter with its name. */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: Tensor;
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'backend' in value && 'size' in value && 'shape' in value;
}

/** The parameters as an ordered list, checked: non-empty, unique names, live tensors of one backend. */
export function normalizeParams(fn: string, params: Params): { list: NamedTensor[]; backend: Backend } {
  if (typeof params !== 'object' || params === null) {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: params must be a record name -> tensor or an array of { name, tensor }, got ${String(params)}`);
  }
  const list: NamedTensor[] = Array.isArray(params)
    ? (params as ReadonlyArray<{ name: string; tensor: Tensor }>).map((p, i) => {
        if (typeof p !== 'object' || p === null || typeof p.name !== 'string') {
          throw new DescentError('INVALID_ARGUMENT', `${fn}: params[${i}] must be { name: string, tensor }, got ${String(p)}`);
        }
        return { name: p.name, tensor: p.tensor };
      })
    : Object.entries(params as Record<string, Tensor>).map(([name, tensor]) => ({ name, tensor }));
  if (list.length === 0) throw new DescentError('INVALID_ARGUMENT', `${fn}: expected at least one parameter, got none`);
  const seen = new Set<string>();
  const first = list[0]!.tensor;
  for (const { name, tensor } of list) {
    if (seen.has(name)) throw new DescentError('INVALID_ARGUMENT', `${fn}: parameter names must be unique, got '${name}' twice`);
    seen.add(name);
    if (!isTensor(tensor)) throw new DescentError('INVALID_ARGUMENT', `${fn}: parameter '${name}' must be a Tensor, got ${String(tensor)}`);
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

/**
 * The gradients in parameter order, checked against the parameters: same count (or the
 * same names), same backend, same number of elements, not disposed.
 */
export function matchGrads(fn: string, params: readonly NamedTensor[], grads: Grads): Tensor[] {
  let list: unknown[];
  if (Array.isArray(grads)) {
    if (grads.length !== params.length) {
      throw new DescentError('SHAPE_MISMATCH', `${fn}: expected ${params.length} gradients (one per parameter), got ${grads.length}`, {
        details: { expected: params.length, actual: grads.length },
      });
    }
    list = grads as unknown[];
  } else if (typeof grads === 'object' && grads !== null) {
    const record = grads as Record<string, unknown>;
    const names = new Set(params.map((p) => p.name));
    const unknown = Object.keys(record).filter((k) => !names.has(k));
    if (unknown.length > 0) {
      throw new DescentError('INVALID_ARGUMENT', `${fn}: gradients for unknown parameters: ${unknown.map((n) => `'${n}'`).join(', ')}`);
    }
    const missing = params.filter((p) => record[p.name] === undefined).map((p) => `'${p.name}'`);
    if (missing.length > 0) {
      throw new DescentError('SHAPE_MISMATCH', `${fn}: expected a gradient for every parameter, missing ${missing.join(', ')}`, {
        details: { missing },
      });
    }
    list = params.map((p) => record[p.name]);
  } else {
    throw new DescentError('INVALID_ARGUMENT', `${fn}: gradients must be a record name -> tensor or an array, got ${String(grads)}`);
  }
  return list.map((g, i) => {
    const p = params[i]!;
    if (!isTensor(g)) throw new DescentError('INVALID_ARGUMENT', `${fn}: gradient of '${p.name}' must be a Tensor, got ${String(g)}`);
    if (g.backend !== p.tensor.backend) {
      throw new DescentError(
        'MIXED_BACKENDS',
        `${fn}: gradient of '${p.name}' is on backend '${g.backend.name}', expected '${p.tensor.backend.name}'`,
      );
    }
    if (g.isDisposed) throw new DescentError('DISPOSED', `${fn}: gradient of '${p.name}' was disposed`);
    if (g.size !== p.tensor.size) {
      throw new DescentError(
        'SHAPE_MISMATCH',
        `${fn}: gradient of '${p.name}' must have ${p.tensor.size} elements (shape [${p.tensor.shape.join(', ')}]), got ${formatTensor(g)} with ${g.size}`,
        { details: { parameter: p.name, expected: [...p.tensor.shape], actual: [...g.shape] } },
      );
    }
    return g;
  });
}
