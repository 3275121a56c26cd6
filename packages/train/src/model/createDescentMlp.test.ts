import { Rng, cpu } from '@descent/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/initBackend';
import { createDescentMlp } from './createDescentMlp';
import type { DescentMlp } from './createDescentMlp';
import { createMlp } from './createMlp';

/** The mean softmax cross-entropy of an MLP in float64, written from the definition (the finite differences' reference). */
function referenceLoss(sizes: readonly number[], params: Float64Array[], x: Float64Array, labels: ArrayLike<number>, n: number): number {
  const layers = sizes.length - 1;
  let a = x;
  for (let l = 0; l < layers; l++) {
    const [fanIn, fanOut] = [sizes[l]!, sizes[l + 1]!];
    const w = params[2 * l]!;
    const b = params[2 * l + 1]!;
    const z = new Float64Array(n * fanOut);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < fanOut; j++) {
        let s = b[j]!;
        for (let p = 0; p < fanIn; p++) s += a[i * fanIn + p]! * w[p * fanOut + j]!;
        z[i * fanOut + j] = l < layers - 1 ? Math.max(0, s) : s;
      }
    }
    a = z;
  }
  const classes = sizes[layers]!;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const row = Array.from(a.subarray(i * classes, (i + 1) * classes));
    const max = Math.max(...row);
    loss += max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) - row[labels[i]!]!;
  }
  return loss / n;
}

function batchOf(seed: number, n: number, features: number, classes: number): { images: Float32Array; labels: Uint8Array } {
  const rng = new Rng(seed);
  return { images: rng.fillUniform(new Float32Array(n * features), 0, 1), labels: Uint8Array.from({ length: n }, () => rng.int(classes)) };
}

describe('createDescentMlp', () => {
  const models: DescentMlp[] = [];
  const make = (...args: Parameters<typeof createDescentMlp>): DescentMlp => {
    const m = createDescentMlp(...args);
    models.push(m);
    return m;
  };
  // createMlp (the reference) runs on tfjs, which the package loads on demand.
  beforeAll(() => initBackend('cpu'));
  afterAll(() => models.forEach((m) => m.dispose()));

  it('starts from the same weights as createMlp under the same seed (names, shapes, values)', () => {
    const sizes = [13, 7, 5, 3];
    const reference = createMlp({ sizes, seed: 4 });
    const model = make({ sizes, seed: 4 });
    expect(model.names).toEqual(reference.names);
    const expected = reference.getWeights();
    for (const name of model.names) {
      expect(model.params[name]!.shape, name).toEqual(reference.variables[name]!.shape);
      expect(Array.from(cpu.read(model.params[name]!)), name).toEqual(Array.from(expected[name]!));
    }
    reference.dispose();
  });

  it('loss and gradients agree with float64 finite differences (two hidden layers, odd sizes, a partial batch)', () => {
    const sizes = [37, 29, 13, 10];
    const model = make({ sizes, seed: 2, batchSize: 24 });
    const n = 17; // fewer rows than the batch size: the views of the buffers
    const { images, labels } = batchOf(5, n, sizes[0]!, 10);
    const { loss, grads } = model.lossAndGradients({ images, labels, size: n });
    const params = model.names.map((name) => Float64Array.from(cpu.read(model.params[name]!)));
    const x = Float64Array.from(images);
    expect(Math.abs(loss - referenceLoss(sizes, params, x, labels, n))).toBeLessThan(1e-5);
    const h = 1e-6;
    model.names.forEach((name, k) => {
      const g = cpu.read(grads[name]!);
      const p = params[k]!;
      let worst = 0;
      const scale = Math.max(...Array.from(g, Math.abs));
      // Every coordinate of the small tensors, a seeded sample of the large ones.
      const picks = p.length <= 64 ? Array.from(p.keys()) : Array.from({ length: 64 }, (_, i) => (i * 7919) % p.length);
      for (const i of picks) {
        const keep = p[i]!;
        p[i] = keep + h;
        const up = referenceLoss(sizes, params, x, labels, n);
        p[i] = keep - h;
        const down = referenceLoss(sizes, params, x, labels, n);
        p[i] = keep;
        worst = Math.max(worst, Math.abs(g[i]! - (up - down) / (2 * h)));
      }
      expect(worst / scale, name).toBeLessThan(1e-4);
    });
  });

  it('the parameters are unchanged by lossAndGradients, and the gradient handles alias the model buffers', () => {
    const sizes = [20, 8, 4];
    const model = make({ sizes, seed: 1, batchSize: 8 });
    const before = model.names.map((name) => cpu.read(model.params[name]!));
    const first = model.lossAndGradients({ ...batchOf(1, 8, 20, 4), size: 8 });
    const firstValues = model.names.map((name) => cpu.read(first.grads[name]!));
    cpu.dispose(first.grads['fc1.weight']!); // the trainer disposes the handles: the buffers stay
    const second = model.lossAndGradients({ ...batchOf(1, 8, 20, 4), size: 8 });
    model.names.forEach((name, i) => {
      expect(cpu.read(model.params[name]!)).toEqual(before[i]);
      expect(cpu.read(second.grads[name]!)).toEqual(firstValues[i]);
    });
    expect(second.loss).toBe(first.loss);
  });

  it('on two threads gives bitwise the same loss and gradients as on one (784-200-10, batch 64)', { timeout: 60_000 }, async () => {
    const sizes = [784, 200, 10];
    const one = make({ sizes, seed: 3 });
    const two = make({ sizes, seed: 3, maxThreads: 1 });
    await two.startThreads(1);
    expect(two.arena.threads).toBe(1);
    const batch = { ...batchOf(9, 64, 784, 10), size: 64 };
    const a = one.lossAndGradients(batch);
    const aGrads = one.names.map((name) => cpu.read(a.grads[name]!));
    const b = two.lossAndGradients(batch);
    expect(b.loss).toBe(a.loss);
    one.names.forEach((name, i) => expect(cpu.read(b.grads[name]!), name).toEqual(aGrads[i]));
    const split = { ...batchOf(10, 300, 784, 10), count: 300 };
    expect(two.evaluate(split, 128)).toEqual(one.evaluate(split));
  });

  it('threads started in the background (a synchronous factory) join the products once ready', { timeout: 60_000 }, async () => {
    const model = make({ sizes: [784, 200, 10], seed: 3, threads: 1 });
    expect(model.arena.threads).toBe(0); // not ready yet: the first products run on this thread
    const batch = { ...batchOf(9, 64, 784, 10), size: 64 };
    const before = model.lossAndGradients(batch).loss;
    await model.startThreads(1); // resolves once the background start is done; starts nothing more
    expect(model.arena.threads).toBe(1);
    expect(model.lossAndGradients(batch).loss).toBe(before);
    expect(() => createDescentMlp({ sizes: [4, 2], threads: 2, maxThreads: 1 })).toThrow(/^createDescentMlp: threads must be an integer in \[0, maxThreads = 1\], got 2/);
  });

  it('evaluate and predict agree with the float64 forward pass', () => {
    const sizes = [12, 9, 4];
    const model = make({ sizes, seed: 6, batchSize: 4 });
    const count = 300; // more than one chunk of 256
    const { images, labels } = batchOf(11, count, 12, 4);
    const params = model.names.map((name) => Float64Array.from(cpu.read(model.params[name]!)));
    const { loss, accuracy } = model.evaluate({ images, labels, count }, 1000);
    expect(Math.abs(loss - referenceLoss(sizes, params, Float64Array.from(images), labels, count))).toBeLessThan(1e-5);
    const logits = model.predict(images, count);
    let correct = 0;
    for (let i = 0; i < count; i++) {
      const row = Array.from(logits.subarray(i * 4, i * 4 + 4));
      if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
    }
    expect(accuracy).toBe(correct / count);
  });

  it('rejects bad sizes, batches and labels with clear errors, changing nothing', () => {
    expect(() => createDescentMlp({ sizes: [784] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'createDescentMlp: sizes must be a list of at least two positive integers, got [784]' }));
    expect(() => createDescentMlp({ sizes: [4, 2], batchSize: 0 })).toThrow(/^createDescentMlp: batchSize must be a positive integer, got 0/);
    const model = make({ sizes: [4, 3], seed: 1, batchSize: 2 });
    const before = cpu.read(model.params['fc1.weight']!);
    expect(() => model.lossAndGradients({ images: new Float32Array(12), labels: [0, 1, 2], size: 3 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'DescentMlp.lossAndGradients: the batch must hold 1 to 2 items, got 3' }),
    );
    expect(() => model.lossAndGradients({ images: new Float32Array(4), labels: [0, 1], size: 2 })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', message: 'DescentMlp.lossAndGradients: expected 2 items of 4 values and 2 labels, got 4 values and 2 labels' }),
    );
    expect(() => model.lossAndGradients({ images: new Float32Array(8), labels: [0, 3], size: 2 })).toThrow(/^DescentMlp.lossAndGradients: label 1 must be an integer in \[0, 2\], got 3/);
    expect(cpu.read(model.params['fc1.weight']!)).toEqual(before);
  });
});
