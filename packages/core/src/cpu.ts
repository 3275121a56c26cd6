import { checkLength, checkMatmul, checkOwn, checkPair, checkScalar, checkTernary, ownList, shapeSize } from './check';
import { DescentError } from './errors';
import { gemm } from './gemm/gemm';
import type { Backend, BackendCapabilities, DType, HostMemory, MatmulOptions, Shape, Tensor } from './tensor';

/** A tensor of the {@link CpuBackend}: a `Float32Array` and its shape. */
export class CpuTensor implements Tensor {
  readonly backend: CpuBackend;
  readonly shape: Shape;
  readonly size: number;
  readonly dtype: DType = 'float32';
  readonly name: string | undefined;
  /** The data, row-major. Replaced by an empty array on disposal. */
  data: Float32Array;
  isDisposed = false;

  constructor(backend: CpuBackend, data: Float32Array, shape: Shape, name: string | undefined) {
    this.backend = backend;
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.size = data.length;
    this.name = name;
  }
}

const EMPTY = /* @__PURE__ */ new Float32Array(0);

/** Sum of a[i]^2 in four float64 accumulators: shorter dependency chains, and a more accurate sum. */
function sumSquaresOf(a: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  const end = n - (n % 4);
  for (let i = 0; i < end; i += 4) {
    const u0 = a[i]!;
    const u1 = a[i + 1]!;
    const u2 = a[i + 2]!;
    const u3 = a[i + 3]!;
    s0 += u0 * u0;
    s1 += u1 * u1;
    s2 += u2 * u2;
    s3 += u3 * u3;
  }
  for (let i = end; i < n; i++) s0 += a[i]! * a[i]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * The dependency-free backend: every tensor is a `Float32Array`, every operation one
 * tight loop with no allocation, so V8 compiles it to straight-line float code.
 *
 * @example
 * import { cpu } from '@descent/core';
 * const w = cpu.fromArray([1, 2, 3], [3], 'w');
 * const g = cpu.fromArray([0.5, 0.5, 0.5]);
 * cpu.add(w, g, -0.1); // w <- w - 0.1 g
 * cpu.read(w); // Float32Array [0.95, 1.95, 2.95]
 */
export class CpuBackend implements Backend<CpuTensor> {
  readonly name = 'cpu';

  zeros(shape: Shape, name?: string): CpuTensor {
    return new CpuTensor(this, new Float32Array(shapeSize('zeros', shape)), shape, name);
  }

  fromArray(values: ArrayLike<number>, shape: Shape = [values.length], name?: string): CpuTensor {
    checkLength('fromArray', shapeSize('fromArray', shape), values, shape);
    return new CpuTensor(this, Float32Array.from(values), shape, name);
  }

  /** Wraps `data` without copying: the tensor and the caller share the memory. */
  wrap(data: Float32Array, shape: Shape = [data.length], name?: string): CpuTensor {
    checkLength('wrap', shapeSize('wrap', shape), data, shape);
    return new CpuTensor(this, data, shape, name);
  }

  zerosLike(x: CpuTensor, name?: string): CpuTensor {
    checkOwn('zerosLike', this, x);
    return new CpuTensor(this, new Float32Array(x.size), x.shape, name ?? x.name);
  }

  clone(x: CpuTensor, name?: string): CpuTensor {
    checkOwn('clone', this, x);
    return new CpuTensor(this, x.data.slice(), x.shape, name ?? x.name);
  }

  fill(x: CpuTensor, value: number): void {
    checkOwn('fill', this, x);
    checkScalar('fill', 'value', value);
    x.data.fill(value);
  }

  copy(x: CpuTensor, y: CpuTensor): void {
    checkOwn('copy', this, x);
    checkPair('copy', this, x, y);
    x.data.set(y.data);
  }

  scale(x: CpuTensor, s: number): void {
    checkOwn('scale', this, x);
    checkScalar('scale', 's', s);
    const a = x.data;
    for (let i = 0, n = a.length; i < n; i++) a[i]! *= s;
  }

  addScalar(x: CpuTensor, s: number): void {
    checkOwn('addScalar', this, x);
    checkScalar('addScalar', 's', s);
    const a = x.data;
    for (let i = 0, n = a.length; i < n; i++) a[i]! += s;
  }

  add(x: CpuTensor, y: CpuTensor, alpha = 1): void {
    checkOwn('add', this, x);
    checkPair('add', this, x, y);
    checkScalar('add', 'alpha', alpha);
    const a = x.data;
    const b = y.data;
    if (alpha === 1) {
      for (let i = 0, n = a.length; i < n; i++) a[i]! += b[i]!;
    } else {
      for (let i = 0, n = a.length; i < n; i++) a[i]! += alpha * b[i]!;
    }
  }

  mul(x: CpuTensor, y: CpuTensor): void {
    checkOwn('mul', this, x);
    checkPair('mul', this, x, y);
    const a = x.data;
    const b = y.data;
    for (let i = 0, n = a.length; i < n; i++) a[i]! *= b[i]!;
  }

  div(x: CpuTensor, y: CpuTensor): void {
    checkOwn('div', this, x);
    checkPair('div', this, x, y);
    const a = x.data;
    const b = y.data;
    for (let i = 0, n = a.length; i < n; i++) a[i]! /= b[i]!;
  }

  addcmul(x: CpuTensor, y: CpuTensor, z: CpuTensor, value = 1): void {
    checkTernary('addcmul', this, x, y, z, value);
    const a = x.data;
    const b = y.data;
    const c = z.data;
    for (let i = 0, n = a.length; i < n; i++) a[i]! += value * b[i]! * c[i]!;
  }

  addcdiv(x: CpuTensor, y: CpuTensor, z: CpuTensor, value = 1): void {
    checkTernary('addcdiv', this, x, y, z, value);
    const a = x.data;
    const b = y.data;
    const c = z.data;
    for (let i = 0, n = a.length; i < n; i++) a[i]! += (value * b[i]!) / c[i]!;
  }

  lerp(x: CpuTensor, y: CpuTensor, weight: number): void {
    checkOwn('lerp', this, x);
    checkPair('lerp', this, x, y);
    checkScalar('lerp', 'weight', weight);
    const a = x.data;
    const b = y.data;
    for (let i = 0, n = a.length; i < n; i++) a[i]! += weight * (b[i]! - a[i]!);
  }

  maximum(x: CpuTensor, y: CpuTensor): void {
    checkOwn('maximum', this, x);
    checkPair('maximum', this, x, y);
    const a = x.data;
    const b = y.data;
    for (let i = 0, n = a.length; i < n; i++) {
      const u = a[i]!;
      const v = b[i]!;
      // NaN in either operand propagates, as in torch.maximum. (The branch-free
      // 0.5 (u + v + |u - v|) is 3x faster but loses small values next to large ones.)
      a[i] = u >= v || u !== u ? u : v;
    }
  }

  clamp(x: CpuTensor, lo: number, hi: number): void {
    checkOwn('clamp', this, x);
    checkScalar('clamp', 'lo', lo);
    checkScalar('clamp', 'hi', hi);
    if (lo > hi) throw new DescentError('INVALID_ARGUMENT', `clamp: lo must be <= hi, got lo=${lo}, hi=${hi}`);
    const a = x.data;
    for (let i = 0, n = a.length; i < n; i++) {
      const u = a[i]!;
      a[i] = u < lo ? lo : u > hi ? hi : u;
    }
  }

  sign(x: CpuTensor): void {
    checkOwn('sign', this, x);
    const a = x.data;
    for (let i = 0, n = a.length; i < n; i++) {
      const u = a[i]!;
      // Branch-free on ordinary data; 0 and -0 give 0, NaN stays NaN.
      a[i] = u !== u ? u : ((u > 0) as unknown as number) - ((u < 0) as unknown as number);
    }
  }

  abs(x: CpuTensor): void {
    checkOwn('abs', this, x);
    const a = x.data;
    for (let i = 0, n = a.length; i < n; i++) a[i] = Math.abs(a[i]!);
  }

  sqrt(x: CpuTensor): void {
    checkOwn('sqrt', this, x);
    const a = x.data;
    for (let i = 0, n = a.length; i < n; i++) a[i] = Math.sqrt(a[i]!);
  }

  /**
   * out <- alpha op(a) op(b) + beta out (see {@link Backend.matmul}).
   */
  matmul(out: CpuTensor, a: CpuTensor, b: CpuTensor, options: MatmulOptions = {}): void {
    const transposeA = options.transposeA === true;
    const transposeB = options.transposeB === true;
    const alpha = options.alpha ?? 1;
    const beta = options.beta ?? 0;
    const [m, k, n] = checkMatmul(this, out, a, b, transposeA, transposeB, alpha, beta);
    gemm(m, n, k, a.data, transposeA, b.data, transposeB, out.data, alpha, beta);
  }

  sumSquares(x: CpuTensor | readonly CpuTensor[]): number {
    let sum = 0;
    for (const t of ownList('sumSquares', this, x)) sum += sumSquaresOf(t.data);
    return sum;
  }

  maxAbs(x: CpuTensor): number {
    checkOwn('maxAbs', this, x);
    const a = x.data;
    let m = 0;
    // Math.max propagates NaN.
    for (let i = 0, n = a.length; i < n; i++) m = Math.max(m, Math.abs(a[i]!));
    return m;
  }

  allFinite(x: CpuTensor | readonly CpuTensor[]): boolean {
    // x - x is 0 for finite x and NaN for +-Infinity and NaN.
    let acc = 0;
    for (const t of ownList('allFinite', this, x)) {
      const a = t.data;
      for (let i = 0, n = a.length; i < n; i++) acc += a[i]! - a[i]!;
    }
    return acc === 0;
  }

  read(x: CpuTensor): Float32Array {
    checkOwn('read', this, x);
    return x.data.slice();
  }

  write(x: CpuTensor, values: ArrayLike<number>): void {
    checkOwn('write', this, x);
    checkLength('write', x.size, values, x.shape);
    x.data.set(values);
  }

  dispose(x: CpuTensor): void {
    if (x.backend !== this) checkOwn('dispose', this, x);
    x.data = EMPTY;
    x.isDisposed = true;
  }

  /** Offers `hostMemory`: every cpu tensor is a `Float32Array` in this thread's memory. */
  capability<K extends keyof BackendCapabilities>(name: K): BackendCapabilities[K] | undefined {
    return name === 'hostMemory' ? hostMemory : undefined;
  }
}

const hostMemory: HostMemory = { data: (x) => cpuData(x, 'hostMemory.data') };

/** The shared instance of {@link CpuBackend}. */
export const cpu = /* @__PURE__ */ new CpuBackend();

/**
 * The `Float32Array` behind a cpu tensor, for fused fast paths (one loop doing a whole
 * optimizer update). Throws for tensors of other backends or disposed ones.
 */
export function cpuData(x: Tensor, op = 'cpuData'): Float32Array {
  if (!(x instanceof CpuTensor)) {
    throw new DescentError('MIXED_BACKENDS', `${op}: expected a tensor of backend 'cpu', got one of backend '${x.backend.name}'`);
  }
  checkOwn(op, x.backend, x);
  return x.data;
}

/** True when `x` is a tensor of the cpu backend. */
export function isCpuTensor(x: Tensor): x is CpuTensor {
  return x instanceof CpuTensor;
}
