import * as tf from '@tensorflow/tfjs-core';
import { checkLength, checkMatmul, checkOwn, checkPair, checkScalar, checkTernary, ownList, shapeSize } from '../check';
import { DescentError } from '../errors';
import type { Backend, DType, MatmulOptions, Shape, Tensor } from '../tensor';

/**
 * A tensor of the {@link TfjsBackend}: a handle on a `tf.Tensor` that stays on the tfjs
 * device. In-place operations compute a new tfjs tensor inside `tf.tidy`, then either
 * `assign` it (when the handle wraps a `tf.Variable`, e.g. a model's weight) or swap it in
 * and dispose the old one, so the number of live tfjs tensors never grows.
 *
 * Every tfjs tensor the backend makes for a handle (by `zeros`, `fromArray`, `zerosLike`,
 * `clone`, `write` or an in-place operation) is marked with `tf.keep`: it belongs to the
 * handle, not to the `tf.tidy` scope (or `model.fit` batch) that happens to be running, and
 * lives until `dispose(handle)`. A tensor given to `wrapTensor` stays in the scope it was
 * made in.
 */
export class TfjsTensor implements Tensor {
  readonly backend: TfjsBackend;
  readonly shape: Shape;
  readonly size: number;
  readonly dtype: DType = 'float32';
  readonly name: string | undefined;
  private current: tf.Tensor | null;
  private readonly variable: tf.Variable | null;

  constructor(backend: TfjsBackend, value: tf.Tensor, name: string | undefined, variable: tf.Variable | null) {
    this.backend = backend;
    this.current = value;
    this.variable = variable;
    this.shape = Object.freeze([...value.shape]);
    this.size = value.size;
    this.name = name;
  }

  get isDisposed(): boolean {
    return this.current === null || this.current.isDisposed;
  }

  /** The tfjs tensor holding the data now. It changes after every in-place operation. */
  get value(): tf.Tensor {
    if (this.current === null) throw new DescentError('DISPOSED', `value: tensor '${this.name ?? ''}' was disposed`);
    return this.current;
  }

  /**
   * Replaces the data with `next` (a tensor this handle now owns). `next` is kept out of
   * any enclosing `tf.tidy`: an optimizer's state must outlive the caller's scope.
   */
  replace(next: tf.Tensor): void {
    if (this.variable !== null) {
      this.variable.assign(next);
      next.dispose();
    } else {
      const old = this.current;
      this.current = tf.keep(next);
      old?.dispose();
    }
  }

  /** Drops the reference; disposes the data unless it is a wrapped variable owned by a model. */
  release(): void {
    if (this.variable === null) this.current?.dispose();
    this.current = null;
  }
}

/**
 * The TensorFlow.js backend: data lives on whatever tfjs backend is active (`cpu`,
 * `wasm`, `webgl`, `tensorflow` for tfjs-node); nothing is downloaded during a step.
 * Reductions (`sumSquares`, `maxAbs`, `allFinite`) read back one number, also when
 * `sumSquares` and `allFinite` are given a list of tensors.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import { tfjs } from '@descent/core/tfjs';
 * const w = tfjs.wrapVariable(tf.variable(tf.zeros([3])), 'w');
 * const g = tfjs.fromArray([1, 2, 3]);
 * tfjs.add(w, g, -0.1); // updates the tf.Variable in place
 */
export class TfjsBackend implements Backend<TfjsTensor> {
  /** `tfjs-<active tfjs backend>`, e.g. `tfjs-wasm`. */
  get name(): string {
    return `tfjs-${tf.getBackend() ?? 'uninitialised'}`;
  }

  /** Wraps a `tf.Variable` without copying: in-place operations `assign` to it. */
  wrapVariable(variable: tf.Variable, name: string = variable.name): TfjsTensor {
    checkDtype('wrapVariable', variable);
    return new TfjsTensor(this, variable, name, variable);
  }

  /**
   * Takes ownership of `tensor` (disposing the handle disposes it). The tensor itself is not
   * kept: made inside a `tf.tidy` (a gradient, say), it is freed when that scope ends, like
   * any other tensor of the scope. Values an in-place operation writes into the handle are kept.
   */
  wrapTensor(tensor: tf.Tensor, name?: string): TfjsTensor {
    checkDtype('wrapTensor', tensor);
    return new TfjsTensor(this, tensor, name, null);
  }

  zeros(shape: Shape, name?: string): TfjsTensor {
    shapeSize('zeros', shape);
    return new TfjsTensor(this, tf.keep(tf.zeros([...shape], 'float32')), name, null);
  }

  fromArray(values: ArrayLike<number>, shape: Shape = [values.length], name?: string): TfjsTensor {
    checkLength('fromArray', shapeSize('fromArray', shape), values, shape);
    const data = values instanceof Float32Array ? values.slice() : Float32Array.from(values);
    return new TfjsTensor(this, tf.keep(tf.tensor(data, [...shape], 'float32')), name, null);
  }

  zerosLike(x: TfjsTensor, name?: string): TfjsTensor {
    checkOwn('zerosLike', this, x);
    return new TfjsTensor(this, tf.keep(tf.zeros([...x.shape], 'float32')), name ?? x.name, null);
  }

  clone(x: TfjsTensor, name?: string): TfjsTensor {
    checkOwn('clone', this, x);
    return new TfjsTensor(this, tf.keep(tf.clone(x.value)), name ?? x.name, null);
  }

  fill(x: TfjsTensor, value: number): void {
    checkOwn('fill', this, x);
    checkScalar('fill', 'value', value);
    x.replace(tf.fill([...x.shape], value, 'float32'));
  }

  copy(x: TfjsTensor, y: TfjsTensor): void {
    checkOwn('copy', this, x);
    checkPair('copy', this, x, y);
    x.replace(tf.tidy(() => tf.reshape(y.value, [...x.shape])));
  }

  scale(x: TfjsTensor, s: number): void {
    checkOwn('scale', this, x);
    checkScalar('scale', 's', s);
    x.replace(tf.tidy(() => tf.mul(x.value, s)));
  }

  addScalar(x: TfjsTensor, s: number): void {
    checkOwn('addScalar', this, x);
    checkScalar('addScalar', 's', s);
    x.replace(tf.tidy(() => tf.add(x.value, s)));
  }

  add(x: TfjsTensor, y: TfjsTensor, alpha = 1): void {
    checkOwn('add', this, x);
    checkPair('add', this, x, y);
    checkScalar('add', 'alpha', alpha);
    x.replace(tf.tidy(() => tf.add(x.value, alpha === 1 ? same(x, y) : tf.mul(same(x, y), alpha))));
  }

  mul(x: TfjsTensor, y: TfjsTensor): void {
    checkOwn('mul', this, x);
    checkPair('mul', this, x, y);
    x.replace(tf.tidy(() => tf.mul(x.value, same(x, y))));
  }

  div(x: TfjsTensor, y: TfjsTensor): void {
    checkOwn('div', this, x);
    checkPair('div', this, x, y);
    x.replace(tf.tidy(() => tf.div(x.value, same(x, y))));
  }

  addcmul(x: TfjsTensor, y: TfjsTensor, z: TfjsTensor, value = 1): void {
    checkTernary('addcmul', this, x, y, z, value);
    x.replace(tf.tidy(() => tf.add(x.value, tf.mul(tf.mul(same(x, y), value), same(x, z)))));
  }

  addcdiv(x: TfjsTensor, y: TfjsTensor, z: TfjsTensor, value = 1): void {
    checkTernary('addcdiv', this, x, y, z, value);
    x.replace(tf.tidy(() => tf.add(x.value, tf.div(tf.mul(same(x, y), value), same(x, z)))));
  }

  lerp(x: TfjsTensor, y: TfjsTensor, weight: number): void {
    checkOwn('lerp', this, x);
    checkPair('lerp', this, x, y);
    checkScalar('lerp', 'weight', weight);
    x.replace(tf.tidy(() => tf.add(x.value, tf.mul(tf.sub(same(x, y), x.value), weight))));
  }

  maximum(x: TfjsTensor, y: TfjsTensor): void {
    checkOwn('maximum', this, x);
    checkPair('maximum', this, x, y);
    // tfjs backends disagree on NaN (wasm drops it); torch.maximum propagates it.
    x.replace(
      tf.tidy(() => {
        const a = x.value;
        const b = same(x, y);
        return tf.where(tf.isNaN(b), b, tf.where(tf.isNaN(a), a, tf.maximum(a, b)));
      }),
    );
  }

  clamp(x: TfjsTensor, lo: number, hi: number): void {
    checkOwn('clamp', this, x);
    checkScalar('clamp', 'lo', lo);
    checkScalar('clamp', 'hi', hi);
    if (lo > hi) throw new DescentError('INVALID_ARGUMENT', `clamp: lo must be <= hi, got lo=${lo}, hi=${hi}`);
    x.replace(tf.tidy(() => tf.clipByValue(x.value, lo, hi)));
  }

  sign(x: TfjsTensor): void {
    checkOwn('sign', this, x);
    // tf.sign maps NaN to 0 on some backends and tiny values (1e-30) to 0 on wasm;
    // torch.sign gives +-1 for any nonzero value and keeps NaN.
    x.replace(
      tf.tidy(() => {
        const a = x.value;
        const s = tf.sub(tf.cast(tf.greater(a, 0), 'float32'), tf.cast(tf.less(a, 0), 'float32'));
        return tf.where(tf.isNaN(a), a, s);
      }),
    );
  }

  abs(x: TfjsTensor): void {
    checkOwn('abs', this, x);
    x.replace(tf.tidy(() => tf.abs(x.value)));
  }

  sqrt(x: TfjsTensor): void {
    checkOwn('sqrt', this, x);
    x.replace(tf.tidy(() => tf.sqrt(x.value)));
  }

  /** out <- alpha op(a) op(b) + beta out by `tf.matMul` (see {@link Backend.matmul}); nothing is read back. */
  matmul(out: TfjsTensor, a: TfjsTensor, b: TfjsTensor, options: MatmulOptions = {}): void {
    const transposeA = options.transposeA === true;
    const transposeB = options.transposeB === true;
    const alpha = options.alpha ?? 1;
    const beta = options.beta ?? 0;
    checkMatmul(this, out, a, b, transposeA, transposeB, alpha, beta);
    out.replace(
      tf.tidy(() => {
        const product = tf.matMul(a.value as tf.Tensor2D, b.value as tf.Tensor2D, transposeA, transposeB);
        const scaled = alpha === 1 ? product : tf.mul(product, alpha);
        // beta 0 overwrites: out's old values (NaN included) are not read.
        return beta === 0 ? scaled : tf.add(scaled, beta === 1 ? out.value : tf.mul(out.value, beta));
      }),
    );
  }

  sumSquares(x: TfjsTensor | readonly TfjsTensor[]): number {
    const xs = ownList('sumSquares', this, x);
    if (xs.length === 0) return 0;
    return readScalar(tf.tidy(() => tf.addN(xs.map((t) => tf.sum(tf.square(t.value))))));
  }

  maxAbs(x: TfjsTensor): number {
    checkOwn('maxAbs', this, x);
    if (x.size === 0) return 0;
    return readScalar(tf.tidy(() => tf.max(tf.abs(x.value))));
  }

  allFinite(x: TfjsTensor | readonly TfjsTensor[]): boolean {
    const xs = ownList('allFinite', this, x);
    if (xs.length === 0) return true;
    // One pass: NaN and +-Infinity poison any sum (Inf + finite = Inf, Inf - Inf = NaN, NaN
    // sticks), so a finite sum proves every element finite.
    if (Number.isFinite(readScalar(tf.tidy(() => tf.addN(xs.map((t) => tf.sum(t.value))))))) return true;
    // Else an element is not finite, or finite values overflowed the float32 sum: decide
    // exactly. x - x is 0 for finite x and NaN otherwise; the sum is 0 exactly when all are finite.
    return readScalar(tf.tidy(() => tf.addN(xs.map((t) => tf.sum(tf.sub(t.value, t.value)))))) === 0;
  }

  read(x: TfjsTensor): Float32Array {
    checkOwn('read', this, x);
    return Float32Array.from(x.value.dataSync());
  }

  write(x: TfjsTensor, values: ArrayLike<number>): void {
    checkOwn('write', this, x);
    checkLength('write', x.size, values, x.shape);
    x.replace(tf.tensor(Float32Array.from(values), [...x.shape], 'float32'));
  }

  dispose(x: TfjsTensor): void {
    if (x.backend !== this) checkOwn('dispose', this, x);
    x.release();
  }
}

/** The shared instance of {@link TfjsBackend}. */
export const tfjs = new TfjsBackend();

/** `y`'s data viewed with `x`'s shape (sizes were checked equal). */
function same(x: TfjsTensor, y: TfjsTensor): tf.Tensor {
  const v = y.value;
  return shapesEqual(x.shape, v.shape) ? v : tf.reshape(v, [...x.shape]);
}

function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function readScalar(t: tf.Tensor): number {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
}

function checkDtype(op: string, t: tf.Tensor): void {
  if (t.dtype !== 'float32') {
    throw new DescentError('INVALID_ARGUMENT', `${op}: expected a float32 tensor, got dtype ${t.dtype}`);
  }
}

export type { Backend, Tensor } from '../tensor';
