/** The only dtype descent computes in. Named so that it is explicit in every signature. */
export type DType = 'float32';

/** A shape, row-major, e.g. `[784, 200]`. A scalar has shape `[]`. */
export type Shape = readonly number[];

/**
 * A handle on float32 data that lives on one backend. Tensors are mutable: the
 * backend's elementwise operations write into their first argument, like torch's
 * in-place `foreach` ops, so an optimizer step allocates nothing.
 */
export interface Tensor {
  /** The backend that owns the data; operations never mix backends. */
  readonly backend: Backend;
  readonly shape: Shape;
  /** Number of elements (product of `shape`). */
  readonly size: number;
  readonly dtype: DType;
  /** Optional name, used in error messages and state dictionaries. */
  readonly name: string | undefined;
  /** True after `backend.dispose(tensor)`; every operation on it then throws `DISPOSED`. */
  readonly isDisposed: boolean;
}

/**
 * Options of {@link Backend.matmul}: `out <- alpha op(a) op(b) + beta out`, where `op(x)` is
 * `x` or its transpose (BLAS's `sgemm` with `opA`, `opB` in {N, T}).
 */
export interface MatmulOptions {
  /** Multiply by the transpose of `a` (`a` is then `[k, m]`). Default false. */
  transposeA?: boolean;
  /** Multiply by the transpose of `b` (`b` is then `[n, k]`). Default false. */
  transposeB?: boolean;
  /** Scale of the product. Default 1. */
  alpha?: number;
  /**
   * Scale of what `out` held: 0 overwrites it (its old values, NaN included, are never read),
   * 1 accumulates into it. Default 0.
   */
  beta?: number;
}

/**
 * What optimizers need from a tensor library, and nothing more. Every elementwise
 * operation writes into its first argument (`x`) and returns nothing; operands must have
 * the same size (broadcasting is not supported: it would hide shape bugs in optimizers).
 *
 * Implementations: {@link CpuBackend} (`Float32Array`, no dependencies) and the
 * TensorFlow.js backend in `@descent/core/tfjs`.
 */
export interface Backend<T extends Tensor = Tensor> {
  /** Short identifier, e.g. `cpu` or `tfjs-wasm`. */
  readonly name: string;

  // ---- creation ----
  /** A new tensor of zeros. */
  zeros(shape: Shape, name?: string): T;
  /** A new tensor holding a float32 copy of `values` (shape defaults to `[values.length]`). */
  fromArray(values: ArrayLike<number>, shape?: Shape, name?: string): T;
  /** A new tensor of zeros with `x`'s shape (and name, unless another is given). */
  zerosLike(x: T, name?: string): T;
  /** A new tensor holding a copy of `x`. */
  clone(x: T, name?: string): T;

  // ---- in-place elementwise: x <- f(x, ...) ----
  /** x <- value */
  fill(x: T, value: number): void;
  /** x <- y */
  copy(x: T, y: T): void;
  /** x <- x * s */
  scale(x: T, s: number): void;
  /** x <- x + s */
  addScalar(x: T, s: number): void;
  /** x <- x + alpha * y (torch `add_(y, alpha=alpha)`) */
  add(x: T, y: T, alpha?: number): void;
  /** x <- x * y */
  mul(x: T, y: T): void;
  /** x <- x / y */
  div(x: T, y: T): void;
  /** x <- x + value * y * z (torch `addcmul_`) */
  addcmul(x: T, y: T, z: T, value?: number): void;
  /** x <- x + value * y / z (torch `addcdiv_`) */
  addcdiv(x: T, y: T, z: T, value?: number): void;
  /** x <- x + weight * (y - x) (torch `lerp_`) */
  lerp(x: T, y: T, weight: number): void;
  /** x <- max(x, y) */
  maximum(x: T, y: T): void;
  /** x <- min(max(x, lo), hi) */
  clamp(x: T, lo: number, hi: number): void;
  /** x <- sign(x) (0 stays 0) */
  sign(x: T): void;
  /** x <- |x| */
  abs(x: T): void;
  /** x <- sqrt(x) */
  sqrt(x: T): void;

  // ---- matrix product ----
  /**
   * out <- alpha op(a) op(b) + beta out, for 2-D tensors: `op(a)` is `[m, k]`, `op(b)` is
   * `[k, n]`, `out` is `[m, n]` and must not be `a` or `b`. Products accumulate in at least
   * float32 (the cpu backend's WebAssembly kernels: float32 with fused multiply-add where the
   * engine has relaxed SIMD).
   */
  matmul(out: T, a: T, b: T, options?: MatmulOptions): void;

  // ---- reductions (read a single number back) ----
  /**
   * Sum of x[i]^2, accumulated in float64 where the backend allows. Given a list, the sum
   * over all of them (a global norm's square) with one read-back.
   */
  sumSquares(x: T | readonly T[]): number;
  /** max |x[i]| (0 for an empty tensor; NaN if any element is NaN). */
  maxAbs(x: T): number;
  /** True when every element is finite; given a list, of every tensor, with one read-back. */
  allFinite(x: T | readonly T[]): boolean;

  // ---- read-out, write-in, disposal ----
  /** A float32 copy of the data, row-major. */
  read(x: T): Float32Array;
  /** x <- values (same size). */
  write(x: T, values: ArrayLike<number>): void;
  /** Frees the data. Idempotent. */
  dispose(x: T): void;

  // ---- optional capabilities ----
  /**
   * A fast path this backend offers beyond the interface, looked up by name, or undefined
   * when it has none. Callers that ask must also work without it (the interface alone is
   * always enough). The cpu backend offers `hostMemory`.
   *
   * @example
   * const host = backend.capability?.('hostMemory');
   * if (host !== undefined) host.data(x)[0] = 1; // write the Float32Array itself
   */
  capability?<K extends keyof BackendCapabilities>(name: K): BackendCapabilities[K] | undefined;
}

/**
 * The optional capabilities a {@link Backend} may offer, by name.
 *
 * - `hostMemory`: the tensors' elements are a `Float32Array` in this thread's memory, which
 *   `data(x)` returns without copying (writes go straight to the tensor). Optimizers use it
 *   to run a whole update as one fused loop (or a WebAssembly SIMD kernel) per parameter.
 */
export interface BackendCapabilities {
  hostMemory: HostMemory;
}

/** The `hostMemory` capability: direct access to a tensor's `Float32Array`. */
export interface HostMemory {
  /** The live `Float32Array` behind `x` (not a copy). Throws `DISPOSED` for a disposed tensor. */
  data(x: Tensor): Float32Array;
}
