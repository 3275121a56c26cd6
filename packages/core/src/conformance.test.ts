import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { quietTfjsCpuNotice } from '@descent/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpu, cpuData } from './cpu';
import type { CpuTensor } from './cpu';
import { DescentError } from './errors';
import { matmulCases, matmulShapes, runMatmul } from './conformance/matmul';
import { N, adamLikeSteps, data, edges, expectClose, f32, opInputs, ops, runOp } from './conformance/ops';
import type { Backend } from './tensor';
import { tfjs } from './tfjs/index';

// tfjs's cpu backend runs here on purpose, as one backend among others: no "install tfjs-node" notice.
quietTfjsCpuNotice(tf);

/**
 * One suite, every backend: each operation is run on random data and compared with a
 * float64 reference written here from the operation's definition (the cases are in
 * `conformance/ops.ts`, shared with the webgl suite that runs in Chromium).
 */

const backends: Array<{ label: string; backend: Backend; setup?: () => Promise<void> }> = [
  { label: 'cpu', backend: cpu },
  { label: 'tfjs-cpu', backend: tfjs, setup: async () => void (await tf.setBackend('cpu')) },
  { label: 'tfjs-wasm', backend: tfjs, setup: async () => void (await tf.setBackend('wasm')) },
];

describe.each(backends)('backend $label', ({ backend, setup }) => {
  beforeAll(async () => {
    await setup?.();
  });

  it.each(ops)('$name matches the float64 reference', (op) => {
    const { xs, ys, zs } = opInputs(op);
    const { out, yAfter } = runOp(backend, op);
    expectClose(out, op.ref(xs, ys, zs));
    expectClose(yAfter, ys, 0, 0); // operands are not modified
  });

  it.each(matmulCases)('matmul $label matches the float64 reference on every shape', ({ options }) => {
    for (const shape of matmulShapes) {
      const { worst, where, operandsKept } = runMatmul(backend, shape, options);
      expect(worst, `[m, k, n] = [${shape.join(', ')}]: ${where}`).toBeLessThanOrEqual(1);
      expect(operandsKept).toBe(true);
    }
  });

  it('matmul rejects bad shapes, aliasing and non-finite scalars, changing nothing', () => {
    const a = backend.fromArray([1, 2, 3, 4, 5, 6], [2, 3], 'a');
    const b = backend.fromArray([1, 2, 3, 4, 5, 6], [3, 2], 'b');
    const out = backend.fromArray([7, 7, 7, 7], [2, 2], 'out');
    const flat = backend.fromArray([1, 2, 3], [3], 'v');
    expect(() => backend.matmul(out, a, a)).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', message: "matmul: inner dimensions differ: 'a' of shape [2, 3] is [2, 3], 'a' of shape [2, 3] is [2, 3]" }),
    );
    expect(() => backend.matmul(out, a, b, { transposeA: true })).toThrow(/^matmul: inner dimensions differ: 'a' of shape \[2, 3\] transposed is \[3, 2\]/);
    expect(() => backend.matmul(out, a, flat)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: "matmul: b must be a matrix (2-D), got 'v' of shape [3]" }));
    expect(() => backend.matmul(a, a, b)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^matmul: out must not be one of the operands/) }));
    expect(() => backend.matmul(out, b, a)).toThrow(/^matmul: out must have shape \[3, 3\]/);
    expect(() => backend.matmul(out, a, b, { beta: NaN })).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: 'matmul: beta must be a finite number, got NaN' }));
    expect(Array.from(backend.read(out))).toEqual([7, 7, 7, 7]);
    backend.matmul(out, a, b);
    expect(Array.from(backend.read(out))).toEqual([22, 28, 49, 64]);
    for (const t of [a, b, out, flat]) backend.dispose(t);
  });

  it('maximum and sign on edge values: infinities, zeros, NaN', () => {
    const { maxX: xs, maxY: ys } = edges;
    const x = backend.fromArray(xs);
    const y = backend.fromArray(ys);
    backend.maximum(x, y);
    expectClose(backend.read(x), f32(xs.map((v, i) => Math.max(Math.fround(v), Math.fround(ys[i]!)))), 0, 0);
    const s = backend.fromArray(edges.sign);
    backend.sign(s);
    expectClose(backend.read(s), edges.signExpected, 0, 0);
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
    // NaN propagates through the reductions.
    const withNaN = backend.fromArray([1, NaN, -2]);
    expect(backend.sumSquares(withNaN)).toBeNaN();
    expect(backend.maxAbs(withNaN)).toBeNaN();
    backend.dispose(withNaN);
    // Finite values whose float32 sum overflows are still finite.
    const huge = backend.fromArray([3e38, 3e38, -1, 3e38]);
    expect(backend.allFinite(huge)).toBe(true);
    expect(backend.allFinite([huge, huge])).toBe(true);
    backend.dispose(huge);
    backend.dispose(x);
  });

  it('reductions over a list of tensors: one global sum, one finiteness verdict', () => {
    const xs = f32(data(4));
    const ys = f32(data(5));
    const x = backend.fromArray(xs, [N], 'x');
    const y = backend.fromArray(ys, [N], 'y');
    const sum = [...xs, ...ys].reduce((s, v) => s + v * v, 0);
    expect(Math.abs(backend.sumSquares([x, y]) - sum)).toBeLessThan(1e-5 * sum);
    expect(backend.sumSquares([x])).toBe(backend.sumSquares(x));
    expect(backend.sumSquares([])).toBe(0);
    expect(backend.allFinite([x, y])).toBe(true);
    expect(backend.allFinite([])).toBe(true);
    const bad = backend.fromArray([1, Infinity, 3], [3], 'bad');
    expect(backend.allFinite([x, bad, y])).toBe(false);
    backend.dispose(y);
    expect(() => backend.allFinite([x, y])).toThrow(expect.objectContaining({ code: 'DISPOSED', message: expect.stringMatching(/^allFinite: 'y'/) }));
    for (const t of [x, bad]) backend.dispose(t);
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

describe('in place, on the device', () => {
  it.each(ops)('cpu: $name writes into the same Float32Array (no allocation)', (op) => {
    const { xs, ys, zs } = opInputs(op);
    const [x, y, z] = [xs, ys, zs].map((v) => cpu.fromArray(v)) as [CpuTensor, CpuTensor, CpuTensor];
    const buffer = cpuData(x);
    op.run(cpu, x, y, z);
    expect(cpuData(x)).toBe(buffer);
  });

  it.each(['cpu', 'wasm'])('tfjs-%s: no elementwise operation reads data back from the device', async (name) => {
    await tf.setBackend(name);
    const readSync = vi.spyOn(tf.engine(), 'readSync');
    const read = vi.spyOn(tf.engine(), 'read');
    try {
      for (const op of ops) {
        const { xs, ys, zs } = opInputs(op);
        const [x, y, z] = [xs, ys, zs].map((v) => tfjs.fromArray(v));
        readSync.mockClear();
        read.mockClear();
        op.run(tfjs, x!, y!, z!);
        expect(readSync.mock.calls.length + read.mock.calls.length, op.name).toBe(0);
        for (const t of [x!, y!, z!]) tfjs.dispose(t);
      }
    } finally {
      readSync.mockRestore();
      read.mockRestore();
    }
  });
});

describe('capabilities', () => {
  it("cpu offers hostMemory: the tensor's own Float32Array, written through", () => {
    const host = cpu.capability('hostMemory');
    expect(host).toBeDefined();
    const x = cpu.fromArray([1, 2, 3], [3], 'x');
    const view = host!.data(x);
    view[1] = 7;
    expect(Array.from(cpu.read(x))).toEqual([1, 7, 3]);
    expect(view).toBe(cpuData(x));
    cpu.dispose(x);
    expect(() => host!.data(x)).toThrow(expect.objectContaining({ code: 'DISPOSED', message: expect.stringMatching(/^hostMemory\.data: /) }));
    expect(cpu.capability('nothing' as 'hostMemory')).toBeUndefined();
  });

  it('tfjs offers no hostMemory (its data may live on a device)', async () => {
    await tf.setBackend('cpu');
    const backend: Backend = tfjs;
    expect(backend.capability?.('hostMemory')).toBeUndefined();
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
    expect(() => cpu.sumSquares([a, b as unknown as typeof a])).toThrow(expect.objectContaining({ code: 'MIXED_BACKENDS', message: expect.stringMatching(/^sumSquares: /) }));
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
    const before = tf.memory().numTensors;
    adamLikeSteps(tfjs, p, g, 1000);
    expect(tf.memory().numTensors).toBe(before);
    // The update went into the model's own variable.
    expect(Array.from(variable.dataSync())).toEqual(Array.from(tfjs.read(p)));
    expect(tfjs.allFinite(p)).toBe(true);
    tfjs.dispose(g);
    tfjs.dispose(p);
    expect(variable.isDisposed).toBe(false); // a wrapped variable belongs to its model
    variable.dispose();
  });
});
