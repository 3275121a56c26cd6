import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpu } from './cpu';
import { DescentError } from './errors';
import { Rng } from './rng';
import type { Backend, Tensor } from './tensor';
import { tfjs } from './tfjs/index';

/**
 * One suite, every backend: each operation is run on random data and compared with a
 * float64 reference written here from the operation's definition.
 */

const N = 257; // odd, so no backend can rely on a multiple of 4 or 8

function data(seed: number, lo = -2, hi = 2): Float64Array {
  return new Rng(seed).fillUniform(new Float64Array(N), lo, hi);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-6, atol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      expect(a, `element ${i}`).toBeNaN();
      continue;
    }
    if (Math.abs(a - e) > atol + rtol * Math.abs(e)) {
      throw new Error(`element ${i}: got ${a}, expected ${e}`);
    }
  }
}

const f32 = (xs: ArrayLike<number>): Float64Array => Float64Array.from(Float32Array.from(xs));

type Ref = (x: Float64Array, y: Float64Array, z: Float64Array) => Float64Array;
type Run = (b: Backend, x: Tensor, y: Tensor, z: Tensor) => void;
const positive = { y: [0.5, 3] as const, z: [0.5, 3] as const };

const ops: Array<{ name: string; run: Run; ref: Ref; ranges?: { y?: readonly [number, number]; z?: readonly [number, number]; x?: readonly [number, number] } }> = [
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

const backends: Array<{ label: string; backend: Backend; setup?: () => Promise<void> }> = [
  { label: 'cpu', backend: cpu },
  { label: 'tfjs-cpu', backend: tfjs, setup: async () => void (await tf.setBackend('cpu')) },
  { label: 'tfjs-wasm', backend: tfjs, setup: async () => void (await tf.setBackend('wasm')) },
];

describe.each(backends)('backend $label', ({ backend, setup }) => {
  beforeAll(async () => {
    await setup?.();
  });

  it.each(ops)('$name matches the float64 reference', ({ run, ref, ranges }) => {
    const xs = f32(data(1, ...(ranges?.x ?? [-2, 2])));
    const ys = f32(data(2, ...(ranges?.y ?? [-2, 2])));
    const zs = f32(data(3, ...(ranges?.z ?? [-2, 2])));
    ys[5] = xs[5]!; // a tie for maximum
    xs[7] = 0; // sign(0) = 0
    const x = backend.fromArray(xs, [N], 'x');
    const y = backend.fromArray(ys, [N], 'y');
    const z = backend.fromArray(zs, [N], 'z');
    run(backend, x, y, z);
    expectClose(backend.read(x), ref(xs, ys, zs));
    expectClose(backend.read(y), ys, 0, 0); // operands are not modified
    for (const t of [x, y, z]) backend.dispose(t);
  });

  it('maximum and sign on edge values: infinities, zeros, NaN', () => {
    const xs = [Infinity, -Infinity, -Infinity, 0, -0, 3e38, -3e38, 1, NaN, 2];
    const ys = [1, -Infinity, 5, -0, 0, 3e38, 1e-30, NaN, 1, 2];
    const x = backend.fromArray(xs);
    const y = backend.fromArray(ys);
    backend.maximum(x, y);
    expectClose(backend.read(x), f32(xs.map((v, i) => Math.max(Math.fround(v), Math.fround(ys[i]!)))), 0, 0);
    const s = backend.fromArray([Infinity, -Infinity, 0, -0, 1e-30, -5, NaN]);
    backend.sign(s);
    expectClose(backend.read(s), [1, -1, 0, 0, 1, -1, NaN], 0, 0);
    for (const t of [x, y, s]) backend.dispose(t);
  });

  it('reductions: sumSquares, maxAbs, allFinite', () => {
    const xs = f32(data(4));
    const x = backend.fromArray(xs);
    const sum = xs.reduce((s, v) => s + v * v, 0);
    expect(Math.abs(backend.sumSquares(x) - sum)).toBeLessThan(1e-5 * sum);
    expect(backend.maxAbs(x)).toBeCloseTo(Math.max(...xs.map(Math.abs)), 6);
    expect(backend.allFinite(x)).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const copy = Float32Array.from(xs);
      copy[100] = bad;
      const t = backend.fromArray(copy);
      expect(backend.allFinite(t)).toBe(false);
      backend.dispose(t);
    }
    expect(backend.maxAbs(backend.zeros([0]))).toBe(0);
    backend.dispose(x);
  });

  it('creation: zeros, zerosLike, clone, write, shapes and names', () => {
    const x = backend.fromArray([1, 2, 3, 4, 5, 6], [2, 3], 'w');
    expect(x.shape).toEqual([2, 3]);
    expect(x.size).toBe(6);
    expect(x.dtype).toBe('float32');
    expect(x.name).toBe('w');
    const z = backend.zerosLike(x);
    expect(Array.from(backend.read(z))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(z.name).toBe('w');
    const c = backend.clone(x, 'copy');
    backend.scale(x, 2);
    expect(Array.from(backend.read(c))).toEqual([1, 2, 3, 4, 5, 6]);
    backend.write(c, [6, 5, 4, 3, 2, 1]);
    expect(Array.from(backend.read(c))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(Array.from(backend.read(backend.zeros([2, 2])))).toEqual([0, 0, 0, 0]);
    // A [6] and a [2, 3] tensor combine: sizes agree, the data is row-major.
    const flat = backend.fromArray([1, 1, 1, 1, 1, 1]);
    backend.add(c, flat);
    expect(Array.from(backend.read(c))).toEqual([7, 6, 5, 4, 3, 2]);
    for (const t of [x, z, c, flat]) backend.dispose(t);
  });

  it('rejects mismatched sizes, non-finite scalars, bad shapes and use after dispose, naming the op', () => {
    const a = backend.fromArray([1, 2, 3], [3], 'a');
    const b = backend.fromArray([1, 2], [2], 'b');
    expect(() => backend.add(a, b)).toThrow(/^add: operands must have the same size, got 'a' of shape \[3\] \(3 elements\) and 'b' of shape \[2\] \(2 elements\)$/);
    expect(() => backend.add(a, b)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => backend.scale(a, NaN)).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: 'scale: s must be a finite number, got NaN' }));
    expect(() => backend.lerp(a, a, Infinity)).toThrow(/lerp: weight must be a finite number/);
    expect(() => backend.fromArray([1, 2, 3], [2, 2])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => backend.zeros([2, -1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => backend.write(a, [1])).toThrow(/write: shape \[3\] needs 3 values, got 1/);
    expect(() => backend.clamp(a, 1, 0)).toThrow(/clamp: lo must be <= hi/);
    // A failed call changes nothing.
    expect(Array.from(backend.read(a))).toEqual([1, 2, 3]);
    backend.dispose(b);
    backend.dispose(b); // idempotent
    expect(b.isDisposed).toBe(true);
    expect(() => backend.add(a, b)).toThrow(expect.objectContaining({ code: 'DISPOSED' }));
    expect(() => backend.read(b)).toThrow(/^read: 'b' of shape \[2\] was disposed/);
    backend.dispose(a);
  });
});

describe('mixing backends', () => {
  it('refuses to combine a cpu tensor with a tfjs tensor', async () => {
    await tf.setBackend('cpu');
    const a = cpu.fromArray([1, 2], [2], 'a');
    const b = tfjs.fromArray([1, 2], [2], 'b');
    expect(() => cpu.add(a, b as unknown as typeof a)).toThrow(
      expect.objectContaining({ code: 'MIXED_BACKENDS', message: "add: expected a tensor of backend 'cpu', got one of backend 'tfjs-cpu' ('b' of shape [2])" }),
    );
    expect(() => tfjs.add(b, a as unknown as typeof b)).toThrow(DescentError);
    tfjs.dispose(b);
  });
});

describe('tfjs backend keeps data on the device and leaks nothing', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(['cpu', 'wasm'])('1,000 Adam-like steps on tfjs-%s leave tf.memory().numTensors unchanged', async (name) => {
    await tf.setBackend(name);
    const variable = tf.variable(tf.randomUniform([N], -1, 1, 'float32', 1));
    const p = tfjs.wrapVariable(variable, 'p');
    const g = tfjs.fromArray(data(9).map((v) => v * 0.1));
    const m = tfjs.zerosLike(p);
    const v = tfjs.zerosLike(p);
    const denom = tfjs.zerosLike(p);
    const before = tf.memory().numTensors;
    for (let t = 1; t <= 1000; t++) {
      tfjs.lerp(m, g, 0.1);
      tfjs.scale(v, 0.999);
      tfjs.addcmul(v, g, g, 0.001);
      tfjs.copy(denom, v);
      tfjs.sqrt(denom);
      tfjs.addScalar(denom, 1e-8);
      tfjs.addcdiv(p, m, denom, -1e-3);
    }
    expect(tf.memory().numTensors).toBe(before);
    // The update went into the model's own variable.
    expect(Array.from(variable.dataSync())).toEqual(Array.from(tfjs.read(p)));
    expect(tfjs.allFinite(p)).toBe(true);
    for (const t of [g, m, v, denom]) tfjs.dispose(t);
    tfjs.dispose(p);
    expect(variable.isDisposed).toBe(false); // a wrapped variable belongs to its model
    variable.dispose();
  });
});
