import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDescentError } from '@descent/core';
import { initBackend } from '../backend/initBackend';
import { createMlp } from './createMlp';
import { softmaxCrossEntropy } from './loss';

/** The MLP's mean cross-entropy in float64 plain JS: the reference for finite differences. */
function referenceLoss(sizes: number[], weights: Record<string, Float64Array>, x: Float64Array, labels: number[]): number {
  const n = labels.length;
  let a = x;
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1]!;
    const fanOut = sizes[l]!;
    const w = weights[`fc${l}.weight`]!; // [in, out]
    const b = weights[`fc${l}.bias`]!;
    const z = new Float64Array(n * fanOut);
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < fanOut; o++) {
        let s = b[o]!;
        for (let i = 0; i < fanIn; i++) s += a[r * fanIn + i]! * w[i * fanOut + o]!;
        z[r * fanOut + o] = l < sizes.length - 1 ? Math.max(0, s) : s;
      }
    }
    a = z;
  }
  const classes = sizes[sizes.length - 1]!;
  let total = 0;
  for (let r = 0; r < n; r++) {
    const row = a.subarray(r * classes, (r + 1) * classes);
    const max = Math.max(...row);
    const logSum = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    total += logSum - row[labels[r]!]!;
  }
  return total / n;
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('createMlp', () => {
  it('names parameters fc1.weight, fc1.bias, ... with [in, out] weights', () => {
    const model = createMlp({ sizes: [784, 200, 10], seed: 1 });
    expect(model.names).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(model.variables['fc1.weight']!.shape).toEqual([784, 200]);
    expect(model.variables['fc1.bias']!.shape).toEqual([200]);
    expect(model.variables['fc2.weight']!.shape).toEqual([200, 10]);
    model.dispose();
  });

  it("initialises like torch's nn.Linear: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weights and biases", () => {
    const model = createMlp({ sizes: [784, 200, 10], seed: 7 });
    const weights = model.getWeights();
    for (const [name, fanIn] of [['fc1.weight', 784], ['fc1.bias', 784], ['fc2.weight', 200], ['fc2.bias', 200]] as const) {
      const v = weights[name]!;
      const bound = 1 / Math.sqrt(fanIn);
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let squares = 0;
      for (const x of v) {
        min = Math.min(min, x);
        max = Math.max(max, x);
        sum += x;
        squares += x * x;
      }
      const mean = sum / v.length;
      const variance = squares / v.length - mean * mean;
      expect(min).toBeGreaterThanOrEqual(-bound);
      expect(max).toBeLessThanOrEqual(bound);
      if (v.length > 1000) {
        // Uniform on [-b, b]: mean 0, variance b^2 / 3; the extremes come close to the bounds.
        expect(Math.abs(mean)).toBeLessThan(0.02 * bound);
        expect(variance / (bound * bound / 3)).toBeCloseTo(1, 1);
        expect(min).toBeLessThan(-0.99 * bound);
        expect(max).toBeGreaterThan(0.99 * bound);
        // Kolmogorov-Smirnov against U(-b, b): D < 1.63 / sqrt(n) at the 1% level.
        const sorted = Float64Array.from(v).sort();
        let d = 0;
        sorted.forEach((x, i) => {
          const cdf = (x + bound) / (2 * bound);
          d = Math.max(d, Math.abs(cdf - i / sorted.length), Math.abs(cdf - (i + 1) / sorted.length));
        });
        expect(d).toBeLessThan(1.63 / Math.sqrt(sorted.length));
      }
    }
    model.dispose();
  });

  it('is reproducible under a seed and differs across seeds', () => {
    const a = createMlp({ sizes: [20, 8, 3], seed: 3 });
    const b = createMlp({ sizes: [20, 8, 3], seed: 3 });
    const c = createMlp({ sizes: [20, 8, 3], seed: 4 });
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(a.getWeights()['fc1.weight']).not.toEqual(c.getWeights()['fc1.weight']);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('has gradients equal to central finite differences of a float64 reference', () => {
    const sizes = [6, 5, 4, 3];
    const model = createMlp({ sizes, seed: 11 });
    const n = 4;
    const xs = Float32Array.from({ length: n * 6 }, (_, i) => Math.sin(i * 1.7) * 1.5);
    const labels = [0, 2, 1, 2];
    const x = tf.tensor2d(xs, [n, 6]);
    const y = tf.tensor1d(labels, 'int32');
    const { loss, grads } = model.lossAndGrads(x, y);
    const base: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(model.getWeights())) base[k] = Float64Array.from(v);
    const x64 = Float64Array.from(xs);
    expect(loss.dataSync()[0]).toBeCloseTo(referenceLoss(sizes, base, x64, labels), 5);
    const h = 1e-6;
    for (const name of model.names) {
      const g = grads[name]!.dataSync();
      const w = base[name]!;
      for (let i = 0; i < w.length; i++) {
        const keep = w[i]!;
        w[i] = keep + h;
        const up = referenceLoss(sizes, base, x64, labels);
        w[i] = keep - h;
        const down = referenceLoss(sizes, base, x64, labels);
        w[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(g[i]! - numeric)).toBeLessThan(1e-5 + 1e-3 * Math.abs(numeric));
      }
    }
    tf.dispose([x, y, loss, ...Object.values(grads)]);
    model.dispose();
  });

  it("agrees with tfjs' own autodiff of the plain forward pass", () => {
    const model = createMlp({ sizes: [30, 16, 16, 10], seed: 5 });
    const x = tf.randomUniform([9, 30], 0, 1, 'float32', 1) as tf.Tensor2D;
    const y = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 9], 'int32');
    const ours = model.lossAndGrads(x, y);
    const theirs = tf.variableGrads(() => softmaxCrossEntropy(model.predict(x), y), model.names.map((k) => model.variables[k]!));
    expect(ours.loss.dataSync()[0]).toBeCloseTo(theirs.value.dataSync()[0]!, 6);
    for (const name of model.names) {
      const a = ours.grads[name]!.dataSync();
      const b = theirs.grads[model.variables[name]!.name]!.dataSync();
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-6 + 1e-4 * Math.abs(b[i]!));
    }
    tf.dispose([x, y, ours.loss, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads)]);
    model.dispose();
  });

  it('leaves no tensor behind: lossAndGrads, evaluate, set/getWeights, dispose', () => {
    const before = tf.memory().numTensors;
    const model = createMlp({ sizes: [12, 7, 4], seed: 2 });
    const x = tf.randomUniform([5, 12]) as tf.Tensor2D;
    const y = tf.tensor1d([0, 1, 2, 3, 0], 'int32');
    for (let i = 0; i < 3; i++) {
      const { loss, grads } = model.lossAndGrads(x, y);
      tf.dispose([loss, ...Object.values(grads)]);
    }
    model.evaluate(new Float32Array(10 * 12).fill(0.5), new Uint8Array(10), 10, 3);
    model.setWeights(model.getWeights());
    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('evaluates mean loss and accuracy over chunks as over one batch', () => {
    const model = createMlp({ sizes: [8, 5, 3], seed: 9 });
    const images = Float32Array.from({ length: 11 * 8 }, (_, i) => Math.cos(i));
    const labels = Uint8Array.from({ length: 11 }, (_, i) => i % 3);
    const whole = model.evaluate(images, labels, 11, 11);
    const chunked = model.evaluate(images, labels, 11, 4);
    expect(chunked.loss).toBeCloseTo(whole.loss, 6);
    expect(chunked.accuracy).toBe(whole.accuracy);
    const logits = model.predict(tf.tensor2d(images, [11, 8])).arraySync();
    const right = logits.filter((row, i) => row.indexOf(Math.max(...row)) === labels[i]).length;
    expect(whole.accuracy).toBeCloseTo(right / 11, 10);
    model.dispose();
  });

  it('rejects bad sizes and bad weights without changing anything', () => {
    expect(() => createMlp({ sizes: [784] })).toThrow(/createMlp: sizes must be/);
    expect(() => createMlp({ sizes: [784, 0, 10] })).toThrow(/got \[784,0,10\]/);
    const model = createMlp({ sizes: [3, 2], seed: 1 });
    const before = model.getWeights();
    try {
      model.setWeights({ 'fc1.bias': [1, 2], 'fc1.weight': [1, 2, 3] });
      expect.unreachable();
    } catch (error) {
      expect(isDescentError(error, 'SHAPE_MISMATCH')).toBe(true);
      expect((error as Error).message).toMatch(/^Mlp.setWeights: 'fc1.weight' of shape \[3, 2\] needs 6 values, got 3/);
    }
    expect(model.getWeights()).toEqual(before);
    expect(() => model.setWeights({ 'fc9.weight': [1] })).toThrow(/unknown parameter 'fc9.weight'/);
    model.dispose();
  });
});
