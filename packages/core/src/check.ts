import { DescentError } from './errors';
import type { Backend, Shape, Tensor } from './tensor';

/**
 * Validation shared by backends. Each check names the operation so that the error reads
 * `add: ...`. They are cheap (no pass over the data) and run on every call.
 */

/** The number of elements of `shape`, after checking it holds non-negative integers. */
export function shapeSize(op: string, shape: Shape): number {
  let size = 1;
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) {
      throw new DescentError('INVALID_ARGUMENT', `${op}: shape must hold non-negative integers, got [${shape.join(', ')}]`);
    }
    size *= dim;
  }
  return size;
}

export function formatTensor(t: Tensor): string {
  return `${t.name === undefined ? 'tensor' : `'${t.name}'`} of shape [${t.shape.join(', ')}]`;
}

/** Throws unless `x` belongs to `backend` and is alive. */
export function checkOwn(op: string, backend: Backend, x: Tensor): void {
  if (x.backend !== backend) {
    throw new DescentError(
      'MIXED_BACKENDS',
      `${op}: expected a tensor of backend '${backend.name}', got one of backend '${x.backend.name}' (${formatTensor(x)})`,
    );
  }
  if (x.isDisposed) {
    throw new DescentError('DISPOSED', `${op}: ${formatTensor(x)} was disposed and cannot be used`);
  }
}

/** `x` as a list (one tensor or several), each checked with {@link checkOwn}. */
export function ownList<T extends Tensor>(op: string, backend: Backend, x: T | readonly T[]): readonly T[] {
  const xs = Array.isArray(x) ? (x as readonly T[]) : [x as T];
  for (const t of xs) checkOwn(op, backend, t);
  return xs;
}

/** Throws unless `y` can be combined elementwise with `x` (same backend, alive, same size). */
export function checkPair(op: string, backend: Backend, x: Tensor, y: Tensor): void {
  checkOwn(op, backend, y);
  if (x.size !== y.size) {
    throw new DescentError(
      'SHAPE_MISMATCH',
      `${op}: operands must have the same size, got ${formatTensor(x)} (${x.size} elements) and ${formatTensor(y)} (${y.size} elements)`,
      { details: { expected: x.size, actual: y.size } },
    );
  }
}

/** Throws unless `value` is a finite number. */
export function checkScalar(op: string, label: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DescentError('NON_FINITE', `${op}: ${label} must be a finite number, got ${String(value)}`);
  }
}

/**
 * The checks of a ternary update `x += value * f(y, z)` (`addcmul`, `addcdiv`): `x` is the
 * backend's, `y` and `z` combine with it elementwise, `value` is finite.
 */
export function checkTernary(op: string, backend: Backend, x: Tensor, y: Tensor, z: Tensor, value: number): void {
  checkOwn(op, backend, x);
  checkPair(op, backend, x, y);
  checkPair(op, backend, x, z);
  checkScalar(op, 'value', value);
}

/** Throws unless `values` has exactly `size` elements. */
export function checkLength(op: string, size: number, values: ArrayLike<number>, shape: Shape): void {
  if (values.length !== size) {
    throw new DescentError(
      'SHAPE_MISMATCH',
      `${op}: shape [${shape.join(', ')}] needs ${size} values, got ${values.length}`,
      { details: { expected: size, actual: values.length } },
    );
  }
}

/** The dimensions `[m, k, n]` of `out <- op(a) op(b)`, after checking shapes, scalars and aliasing. */
export function checkMatmul(
  backend: Backend,
  out: Tensor,
  a: Tensor,
  b: Tensor,
  transposeA: boolean,
  transposeB: boolean,
  alpha: number,
  beta: number,
): [number, number, number] {
  checkOwn('matmul', backend, out);
  checkOwn('matmul', backend, a);
  checkOwn('matmul', backend, b);
  checkScalar('matmul', 'alpha', alpha);
  checkScalar('matmul', 'beta', beta);
  for (const [label, t] of [['out', out], ['a', a], ['b', b]] as const) {
    if (t.shape.length !== 2) {
      throw new DescentError('SHAPE_MISMATCH', `matmul: ${label} must be a matrix (2-D), got ${formatTensor(t)}`);
    }
  }
  if (out === a || out === b) {
    throw new DescentError('INVALID_ARGUMENT', `matmul: out must not be one of the operands, got ${formatTensor(out)} as both`);
  }
  const [m, k] = transposeA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kb, n] = transposeB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  const opA = transposeA ? `${formatTensor(a)} transposed` : formatTensor(a);
  const opB = transposeB ? `${formatTensor(b)} transposed` : formatTensor(b);
  if (k !== kb) {
    throw new DescentError('SHAPE_MISMATCH', `matmul: inner dimensions differ: ${opA} is [${m}, ${k}], ${opB} is [${kb}, ${n}]`, {
      details: { expected: k, actual: kb },
    });
  }
  if (out.shape[0] !== m || out.shape[1] !== n) {
    throw new DescentError('SHAPE_MISMATCH', `matmul: out must have shape [${m}, ${n}] for ${opA} times ${opB}, got ${formatTensor(out)}`);
  }
  return [m, k, n];
}
