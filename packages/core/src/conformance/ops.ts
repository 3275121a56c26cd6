// The pure comparison, not the matcher: this file is also bundled into the browser page.
import { expectAllclose } from '@descent/test-utils/allclose';
import { Rng } from '../rng';
import type { Backend, Tensor } from '../tensor';

/**
 * The conformance cases every backend must pass, shared by the Node suite
 * (`conformance.test.ts`: cpu, tfjs-cpu, tfjs-wasm) and the browser one
 * (`conformance/webgl.test.ts`: tfjs-webgl in Chromium). Each operation comes with a float64
 * reference written from its definition. Test code: not exported by the package.
 */

/** Odd, so no backend can rely on a multiple of 4 or 8. */
export const N = 257;

/** N seeded uniform values in [lo, hi). */
export function data(seed: number, lo = -2, hi = 2): Float64Array {
  return new Rng(seed).fillUniform(new Float64Array(N), lo, hi);
}

/**
 * Throws, naming the first element, unless |actual - expected| <= atol + rtol |expected|
 * everywhere (NaN expected: NaN required); the shared `allclose`.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-6, atol = 1e-6): void {
  expectAllclose(actual, expected, { rtol, atol });
}

/** The values rounded to float32, held as float64 for the references. */
export const f32 = (xs: ArrayLike<number>): Float64Array => Float64Array.from(Float32Array.from(xs));

type Range = readonly [number, number];
export type Ref = (x: Float64Array, y: Float64Array, z: Float64Array) => Float64Array;
export type Run = (b: Backend, x: Tensor, y: Tensor, z: Tensor) => void;

/** An in-place operation on x (y and z are operands), and its reference. */
export interface ConformanceOp {
  name: string;
  run: Run;
  ref: Ref;
  ranges?: { x?: Range; y?: Range; z?: Range };
}

const positive = { y: [0.5, 3] as const, z: [0.5, 3] as const };

export const ops: readonly ConformanceOp[] = [
  { name: 'fill', run: (b, x) => b.fill(x, 0.375), ref: (x) => x.map(() => 0.375) },
  { name: 'copy', run: (b, x, y) => b.copy(x, y), ref: (_x, y) => y.slice() },
  { name: 'scale', run: (b, x) => b.scale(x, -1.7), ref: (x) => x.map((v) => v * -1.7) },
  { name: 'addScalar', run: (b, x) => b.addScalar(x, 0.3), ref: (x) => x.map((v) => v + 0.3) },
  { name: 'add', run: (b, x, y) => b.add(x, y), ref: (x, y) => x.map((v, i) => v + y[i]!) },
  { name: 'add alpha', run: (b, x, y) => b.add(x, y, -0.25), ref: (x, y) => x.map((v, i) => v - 0.25 * y[i]!) },
  { name: 'mul', run: (b, x, y) => b.mul(x, y), ref: (x, y) => x.map((v, i) => v * y[i]!) },
  { name: 'div', run: (b, x, y) => b.div(x, y), ref: (x, y) => x.map((v, i) => v / y[i]!), ranges: positive },
  { name: 'addcmul', run: (b, x, y, z) => b.addcmul(x, y, z, 0.1), ref: (x, y, z) => x.map((v, i) => v + 0.1 * y[i]! * z[i]!) },
  { name: 'addcdiv', run: (b, x, y, z) => b.addcdiv(x, y, z, -0.2), ref: (x, y, z) => x.map((v, i) => v - (0.2 * y[i]!) / z[i]!), ranges: positive },
  { name: 'lerp', run: (b, x, y) => b.lerp(x, y, 0.1), ref: (x, y) => x.map((v, i) => v + 0.1 * (y[i]! - v)) },
  { name: 'maximum', run: (b, x, y) => b.maximum(x, y), ref: (x, y) => x.map((v, i) => Math.max(v, y[i]!)) },
  { name: 'clamp', run: (b, x) => b.clamp(x, -0.5, 1), ref: (x) => x.map((v) => Math.min(Math.max(v, -0.5), 1)) },
  { name: 'sign', run: (b, x) => b.sign(x), ref: (x) => x.map((v) => Math.sign(v)) },
  { name: 'abs', run: (b, x) => b.abs(x), ref: (x) => x.map((v) => Math.abs(v)) },
  { name: 'sqrt', run: (b, x) => b.sqrt(x), ref: (x) => x.map((v) => Math.sqrt(v)), ranges: { x: [0, 4] } },
  {
    name: 'square-by-aliasing (addcmul x, y, y)',
    run: (b, x, y) => b.addcmul(x, y, y, 0.5),
    ref: (x, y) => x.map((v, i) => v + 0.5 * y[i]! * y[i]!),
  },
];

/** The float32 inputs of an operation's case: a tie for maximum at 5, a zero for sign at 7. */
export function opInputs(op: ConformanceOp): { xs: Float64Array; ys: Float64Array; zs: Float64Array } {
  const xs = f32(data(1, ...(op.ranges?.x ?? [-2, 2])));
  const ys = f32(data(2, ...(op.ranges?.y ?? [-2, 2])));
  const zs = f32(data(3, ...(op.ranges?.z ?? [-2, 2])));
  ys[5] = xs[5]!;
  xs[7] = 0;
  return { xs, ys, zs };
}

/** Edge values for maximum (x, y) and sign (s): infinities, signed zeros, NaN, tiny values. */
export const edges = {
  maxX: [Infinity, -Infinity, -Infinity, 0, -0, 3e38, -3e38, 1, NaN, 2],
  maxY: [1, -Infinity, 5, -0, 0, 3e38, 1e-30, NaN, 1, 2],
  sign: [Infinity, -Infinity, 0, -0, 1e-30, -5, NaN],
  signExpected: [1, -1, 0, 0, 1, -1, NaN],
};

/** Runs one operation's case on `backend`: x after the operation, and y (which must not change). */
export function runOp(backend: Backend, op: ConformanceOp): { out: Float32Array; yAfter: Float32Array } {
  const { xs, ys, zs } = opInputs(op);
  const x = backend.fromArray(xs, [N], 'x');
  const y = backend.fromArray(ys, [N], 'y');
  const z = backend.fromArray(zs, [N], 'z');
  op.run(backend, x, y, z);
  const result = { out: backend.read(x), yAfter: backend.read(y) };
  for (const t of [x, y, z]) backend.dispose(t);
  return result;
}

/** `steps` Adam-like updates of p with the gradient g, through the backend's in-place operations. */
export function adamLikeSteps(backend: Backend, p: Tensor, g: Tensor, steps: number): void {
  const m = backend.zerosLike(p);
  const v = backend.zerosLike(p);
  const denom = backend.zerosLike(p);
  for (let t = 1; t <= steps; t++) {
    backend.lerp(m, g, 0.1);
    backend.scale(v, 0.999);
    backend.addcmul(v, g, g, 0.001);
    backend.copy(denom, v);
    backend.sqrt(denom);
    backend.addScalar(denom, 1e-8);
    backend.addcdiv(p, m, denom, -1e-3);
  }
  for (const t of [m, v, denom]) backend.dispose(t);
}
