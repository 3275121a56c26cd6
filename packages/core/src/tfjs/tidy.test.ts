import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { N, expectClose, opInputs, ops, runOp } from '../conformance/ops';
import { tfjs } from './index';
import type { TfjsTensor } from './index';

/**
 * The tfjs backend inside the caller's `tf.tidy` (and so inside `model.fit`, which runs each
 * batch in one): what the backend makes for a handle outlives the scope, what a scope makes
 * for itself is still freed there.
 */

describe.each(['cpu', 'wasm'])('tfjs backend inside tf.tidy on tfjs-%s', (name) => {
  beforeAll(async () => {
    await tf.setBackend(name);
  });

  it('handles created inside a tidy survive it: zeros, fromArray, zerosLike, clone', () => {
    const base = tfjs.fromArray([1, 2, 3, 4], [2, 2], 'base');
    const before = tf.memory().numTensors;
    // Not returned from the scope (tf.tidy keeps what it returns): kept by the backend alone.
    let made: TfjsTensor[] = [];
    tf.tidy(() => {
      tf.add(tf.ones([3]), 1); // a scope temporary: freed when the scope ends
      made = [tfjs.zeros([2, 2], 'z'), tfjs.fromArray([5, 6, 7, 8], [2, 2], 'f'), tfjs.zerosLike(base, 'zl'), tfjs.clone(base, 'c')];
    });
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(made.map((t) => Array.from(tfjs.read(t)))).toEqual([
      [0, 0, 0, 0],
      [5, 6, 7, 8],
      [0, 0, 0, 0],
      [1, 2, 3, 4],
    ]);
    for (const t of [...made, base]) tfjs.dispose(t);
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it.each(ops)('$name inside a tidy: same values as outside, the result outlives the scope', (op) => {
    const { xs, ys, zs } = opInputs(op);
    const reference = runOp(tfjs, op).out;
    const x = tfjs.fromArray(xs, [N], 'x');
    const y = tfjs.fromArray(ys, [N], 'y');
    const z = tfjs.fromArray(zs, [N], 'z');
    const before = tf.memory().numTensors;
    tf.tidy(() => op.run(tfjs, x, y, z));
    expect(tf.memory().numTensors).toBe(before);
    expectClose(tfjs.read(x), reference, 0, 0);
    // Used again after the scope ended, in another scope.
    tf.tidy(() => op.run(tfjs, x, y, z));
    expect(x.isDisposed).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    for (const t of [x, y, z]) tfjs.dispose(t);
  });

  it('matmul inside a tidy: the product outlives the scope, nothing else is left', () => {
    const a = tfjs.fromArray([1, 2, 3, 4, 5, 6], [2, 3], 'a');
    const b = tfjs.fromArray([1, 0, 0, 1, 1, 1], [3, 2], 'b');
    const out = tfjs.zeros([2, 2], 'out');
    const before = tf.memory().numTensors;
    tf.tidy(() => tfjs.matmul(out, a, b));
    tf.tidy(() => tfjs.matmul(out, a, b, { beta: 1 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(tfjs.read(out))).toEqual([8, 10, 20, 22]);
    for (const t of [a, b, out]) tfjs.dispose(t);
  });

  it('write inside a tidy is kept; reductions inside a tidy leave nothing behind', () => {
    const x = tfjs.zeros([4], 'x');
    const before = tf.memory().numTensors;
    const [sum, max, finite] = tf.tidy(() => {
      tfjs.write(x, [1, -2, 3, -4]);
      return [tfjs.sumSquares([x, x]), tfjs.maxAbs(x), tfjs.allFinite(x)];
    });
    expect([sum, max, finite]).toEqual([60, 4, true]);
    expect(Array.from(tfjs.read(x))).toEqual([1, -2, 3, -4]);
    expect(tf.memory().numTensors).toBe(before);
    tfjs.dispose(x);
  });

  it('a wrapped tf.Variable is assigned in place inside a tidy and stays the same variable', () => {
    const v = tf.variable(tf.tensor([1, 2, 3]), true, `tidy-var-${name}`);
    const p = tfjs.wrapVariable(v);
    const g = tfjs.fromArray([1, 1, 1]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) tf.tidy(() => tfjs.add(p, g, -0.5));
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(v.dataSync())).toEqual([-4, -3, -2]);
    expect(p.value).toBe(v);
    tfjs.dispose(p); // a wrapped variable belongs to its owner: not disposed
    expect(v.isDisposed).toBe(false);
    v.dispose();
    tfjs.dispose(g);
  });

  it('a tensor given to wrapTensor stays in its scope: a gradient wrapped inside a tidy is freed there', () => {
    const before = tf.memory().numTensors;
    const box: TfjsTensor[] = [];
    tf.tidy(() => {
      box.push(tfjs.wrapTensor(tf.mul(tf.ones([3]), 2), 'g'));
    });
    const handle = box[0]!;
    expect(handle.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => tfjs.read(handle)).toThrow(expect.objectContaining({ code: 'DISPOSED' }));
    // Wrapped outside any scope, the handle owns it until dispose.
    const owned: TfjsTensor = tfjs.wrapTensor(tf.ones([3]), 'h');
    tf.tidy(() => tfjs.scale(owned, 3));
    expect(Array.from(tfjs.read(owned))).toEqual([3, 3, 3]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tfjs.dispose(owned);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('1,000 Adam-like updates, state created in the first tidy, each in its own tidy: numTensors flat', () => {
    const p = tfjs.fromArray([0.5, -1, 2, 0.25], [4], 'p');
    const g = tfjs.fromArray([0.1, -0.2, 0.3, -0.4], [4], 'g');
    let state: { m: TfjsTensor; v: TfjsTensor; denom: TfjsTensor } | null = null;
    const step = (): void => {
      state ??= { m: tfjs.zerosLike(p, 'm'), v: tfjs.zerosLike(p, 'v'), denom: tfjs.zerosLike(p, 'denom') };
      const { m, v, denom } = state;
      tfjs.lerp(m, g, 0.1);
      tfjs.scale(v, 0.999);
      tfjs.addcmul(v, g, g, 0.001);
      tfjs.copy(denom, v);
      tfjs.sqrt(denom);
      tfjs.addScalar(denom, 1e-8);
      tfjs.addcdiv(p, m, denom, -1e-3);
    };
    tf.tidy(step);
    const after1 = tf.memory().numTensors;
    for (let i = 1; i < 1000; i++) tf.tidy(step);
    expect(tf.memory().numTensors).toBe(after1);
    for (const t of Object.values(state!)) tfjs.dispose(t);
    for (const t of [p, g]) tfjs.dispose(t);
  });
});
