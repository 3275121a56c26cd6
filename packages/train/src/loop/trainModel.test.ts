import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDescentError } from '@descent/core';
import { moons } from '@descent/datasets';
import { initBackend } from '../backend/initBackend';
import { softmaxCrossEntropy, sparseCategoricalCrossentropy } from '../model/loss';
import type { Checkpoint, DataSplit, EpochMetrics, StepMetrics, TrainData } from '../types';
import { trainModel } from './trainModel';
import type { TrainModelOptions } from './trainModel';

function split(n: number, seed: number): DataSplit {
  const set = moons({ n, noise: 0.1, seed });
  return { images: set.x, labels: set.y, count: set.n };
}

const data: TrainData = { train: split(256, 1), test: split(128, 2) };

/** The same network, with the same initial weights, every time it is built. */
function build(activation?: 'softmax'): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 16, activation: 'relu', name: 'hidden', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 2, name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), ...(activation === undefined ? {} : { activation }) }),
    ],
  });
}

function numbers(history: EpochMetrics[]): unknown[] {
  return history.map(({ seconds: _s, evalSeconds: _e, ...rest }) => rest);
}

function bits(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(new Uint32Array(Float32Array.from(w.dataSync()).buffer)));
}

const options: TrainModelOptions = {
  optimizer: 'adamw',
  optimizerOptions: { lr: 0.05, weightDecay: 0.01 },
  schedule: { type: 'warmupCosine', warmupSteps: 8, totalSteps: 128 },
  scheduleUnit: 'step',
  epochs: 8,
  batchSize: 16,
  seed: 3,
};

beforeAll(async () => {
  await initBackend('cpu');
});

describe('trainModel', () => {
  it('trains a tf.sequential model on moons (AdamW, warmup-cosine), and a run stopped mid-epoch resumes bitwise equal to an uninterrupted one', async () => {
    const before = tf.memory().numTensors;
    const whole = build();
    const steps: StepMetrics[] = [];
    const uninterrupted = await trainModel(whole, data, { ...options, onStep: (m) => steps.push(m) });
    expect(uninterrupted.status).toBe('completed');
    expect(uninterrupted.steps).toBe(8 * 16);
    expect(uninterrupted.checkpoint.model).toBe('tf.LayersModel');
    expect(Object.keys(uninterrupted.checkpoint.weights)).toEqual(['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias']);
    // Warmup from 0 over 8 steps (the first step at schedule(0) = 0), then cosine down.
    expect(steps[0]!.lr).toBe(0);
    expect(steps[4]!.lr).toBeCloseTo(0.025, 12);
    expect(steps[8]!.lr).toBeCloseTo(0.05, 12);
    expect(steps[127]!.lr).toBeLessThan(0.0001);
    const last = uninterrupted.epochs[7]!;
    expect(last.trainLoss).toBeLessThan(uninterrupted.epochs[0]!.trainLoss / 2);
    expect(last.testAccuracy).toBeGreaterThan(0.9); // chance: 0.5

    const first = build();
    const controller = new AbortController();
    const stopped = await trainModel(first, data, { ...options, syncEvery: 1, signal: controller.signal, onStep: (m) => void (m.step === 40 && controller.abort()) });
    expect(stopped.status).toBe('stopped');
    expect(stopped.checkpoint).toMatchObject({ epoch: 2, batch: 8, step: 40 });
    first.dispose();

    // A fresh process would rebuild the model: here a new one, with other initial weights even.
    const rebuilt = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [2], units: 16, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 2, name: 'out' })],
    });
    const saved = JSON.parse(JSON.stringify(stopped.checkpoint)) as Checkpoint;
    const rest = await trainModel(rebuilt, data, { ...options, syncEvery: 1, resume: saved });
    expect(rest.status).toBe('completed');
    expect(bits(rebuilt)).toEqual(bits(whole));
    expect(numbers(rest.epochs)).toEqual(numbers(uninterrupted.epochs));
    expect(rest.checkpoint.optimizer).toEqual(uninterrupted.checkpoint.optimizer);
    whole.dispose();
    rebuilt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("takes the same step as tf.train.sgd under model.trainOnBatch with tfjs-layers' sparseCategoricalCrossentropy", async () => {
    const ours = build('softmax');
    const theirs = build('softmax');
    const lr = 0.5;
    // One batch holding the whole set: the shuffle does not change the mean gradient.
    const result = await trainModel(ours, { train: data.train }, { optimizer: 'sgd', optimizerOptions: { lr }, batchSize: 256, syncEvery: 1, onStep: () => undefined });
    theirs.compile({ optimizer: tf.train.sgd(lr), loss: 'sparseCategoricalCrossentropy' });
    const x = tf.tensor2d(data.train.images, [256, 2]);
    const y = tf.tensor1d(Float32Array.from(data.train.labels));
    const theirLoss = (await theirs.trainOnBatch(x, y)) as number;
    expect(result.epochs[0]!.trainLoss).toBeCloseTo(theirLoss, 6);
    const a = ours.getWeights();
    const b = theirs.getWeights();
    for (let i = 0; i < a.length; i++) {
      const u = a[i]!.dataSync();
      const v = b[i]!.dataSync();
      for (let k = 0; k < u.length; k++) expect(Math.abs(u[k]! - v[k]!)).toBeLessThan(1e-6 + 1e-5 * Math.abs(v[k]!));
    }
    // And the loss itself agrees with tfjs-layers' categorical cross-entropy on the same probabilities.
    const probabilities = ours.predict(x) as tf.Tensor2D;
    const labels = tf.tensor1d(Int32Array.from(data.train.labels), 'int32');
    const mine = sparseCategoricalCrossentropy(probabilities, labels).dataSync()[0]!;
    const reference = tf.mean(tf.metrics.categoricalCrossentropy(tf.oneHot(labels, 2), probabilities)).dataSync()[0]!;
    expect(mine).toBeCloseTo(reference, 6);
    // getWeights() returns the variables themselves: the models dispose them.
    tf.dispose([x, y, probabilities, labels]);
    ours.dispose();
    theirs.dispose();
  });

  it('stops a user model on abort after the current batch and marks a diverging one diverged, leaving no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const model = build();
    const controller = new AbortController();
    const stopped = await trainModel(model, data, {
      optimizer: 'sgd',
      optimizerOptions: { lr: 0.1 },
      batchSize: 16,
      epochs: 3,
      syncEvery: 1,
      signal: controller.signal,
      onStep: (m) => void (m.step === 5 && setImmediate(() => controller.abort())),
    });
    expect(stopped.status).toBe('stopped');
    expect(stopped.checkpoint).toMatchObject({ epoch: 0, batch: 5, step: 5 });
    model.dispose();

    // Least squares on the moons' coordinates with a step far beyond 2 / the curvature: it blows up.
    const initial = tf.tensor1d([0.1, -0.1]);
    const w = tf.variable(initial, true, 'w');
    initial.dispose();
    const seen: unknown[] = [];
    const diverging = {
      variables: { w },
      loss: (x: tf.Tensor, labels: tf.Tensor1D) => tf.mean(tf.square(tf.sub(tf.sum(tf.mul(x, w), 1), tf.cast(labels, 'float32')))) as tf.Scalar,
    };
    const result = await trainModel(diverging, data, { optimizer: 'sgd', optimizerOptions: { lr: 50 }, batchSize: 16, epochs: 5, syncEvery: 1, onDiverged: (d) => seen.push(d) });
    expect(result.status).toBe('diverged');
    const d = result.diverged!;
    expect(seen).toEqual([d]);
    expect(Number.isFinite(d.loss)).toBe(false);
    expect(d.step).toBeGreaterThan(3);
    expect(d.step).toBeLessThan(80);
    expect(result.steps).toBeLessThanOrEqual(d.step);
    expect(result.epochs.every((m) => m.testAccuracy === undefined)).toBe(true);
    await expect(trainModel(diverging, data, { optimizer: 'sgd', optimizerOptions: { lr: 50 }, batchSize: 16, epochs: 5, resume: result.checkpoint })).rejects.toThrow(
      /cannot resume a run that diverged/,
    );
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains a loss over named tf.Variables: one full-batch SGD step is w - lr * (central finite differences of the loss)', async () => {
    const w = tf.variable(tf.tensor2d([0.3, -0.2, 0.1, 0.4], [2, 2]), true, 'logistic/w');
    const b = tf.variable(tf.tensor1d([0.05, -0.05]), true, 'logistic/b');
    const logits = (x: tf.Tensor): tf.Tensor2D => tf.add(tf.matMul(x as tf.Tensor2D, w), b) as tf.Tensor2D;
    const model = { variables: { w, b }, loss: (x: tf.Tensor, labels: tf.Tensor1D) => softmaxCrossEntropy(logits(x), labels), predict: logits };
    const w0 = Float64Array.from(w.dataSync());
    const b0 = Float64Array.from(b.dataSync());
    // The mean cross-entropy of the whole training set in float64.
    const { images, labels, count } = data.train;
    const reference = (wv: Float64Array, bv: Float64Array): number => {
      let total = 0;
      for (let i = 0; i < count; i++) {
        const z = [0, 1].map((o) => images[2 * i]! * wv[o]! + images[2 * i + 1]! * wv[2 + o]! + bv[o]!);
        const max = Math.max(...z);
        total += max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0)) - z[labels[i]!]!;
      }
      return total / count;
    };
    const lr = 0.3;
    const step = await trainModel(model, { train: data.train, test: data.test }, { optimizer: 'sgd', optimizerOptions: { lr }, batchSize: count });
    expect(step.epochs[0]!.trainLoss).toBeCloseTo(reference(w0, b0), 6);
    const h = 1e-6;
    for (const [values, other, tensor, isW] of [[w0, b0, w, true], [b0, w0, b, false]] as const) {
      const after = tensor.dataSync();
      for (let i = 0; i < values.length; i++) {
        const keep = values[i]!;
        values[i] = keep + h;
        const up = isW ? reference(values, other) : reference(other, values);
        values[i] = keep - h;
        const down = isW ? reference(values, other) : reference(other, values);
        values[i] = keep;
        expect(after[i]!).toBeCloseTo(keep - (lr * (up - down)) / (2 * h), 6);
      }
    }
    expect(Object.keys(step.checkpoint.weights)).toEqual(['w', 'b']);
    expect(Object.keys(step.checkpoint.optimizer.params)).toEqual(['w', 'b']);
    expect(step.checkpoint.model).toBe('tf.Variables');

    // And it learns: accuracy well above chance after a few epochs of Adam.
    const more = await trainModel(model, data, { optimizer: 'adam', optimizerOptions: { lr: 0.05 }, batchSize: 32, epochs: 10, seed: 1 });
    expect(more.epochs[9]!.testAccuracy).toBeGreaterThan(0.8);
    expect(more.epochs[9]!.testLoss).toBeLessThan(more.epochs[0]!.testLoss!);
    w.dispose();
    b.dispose();
  });

  it('rejects what is not a model, a hidden size, a checkpoint of another model, and data the model does not take', async () => {
    const code = async (f: () => Promise<unknown>): Promise<string> => {
      try {
        await f();
      } catch (error) {
        return isDescentError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return 'no error';
    };
    const model = build();
    expect(await code(() => trainModel({} as never, data))).toMatch(/^INVALID_ARGUMENT: trainModel: model must be a tf.LayersModel/);
    expect(await code(() => trainModel(model, data, { hidden: [3] } as never))).toMatch(/^INVALID_ARGUMENT: trainModel: hidden sets the built-in MLP/);
    expect(await code(() => trainModel({ variables: { w: tf.zeros([2]) as never }, loss: () => tf.scalar(0) }, data))).toMatch(
      /^INVALID_ARGUMENT: modelFromVariables: 'w' must be a tf.Variable/,
    );
    expect(await code(() => trainModel(model, data, { loss: 'hinge' as never }))).toMatch(/modelFromLayers: loss must be 'auto'/);
    const wide = { train: { images: new Float32Array(30), labels: new Uint8Array(10), count: 10 } };
    expect(await code(() => trainModel(model, wide))).toMatch(/^SHAPE_MISMATCH: Trainer: the model takes 2 values per item, but data.train has 3/);
    const mlpRun = await trainModel(model, data, { epochs: 1, batchSize: 64 });
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, name: 'only' })] });
    expect(await code(() => trainModel(other, data, { epochs: 2, batchSize: 64, resume: mlpRun.checkpoint }))).toMatch(
      /^INVALID_STATE: Trainer: the checkpoint has weights 'hidden\/kernel', 'hidden\/bias', 'out\/kernel', 'out\/bias' that the model does not have/,
    );
    const w = tf.variable(tf.zeros([2, 2]));
    const variables = { variables: { w }, loss: (x: tf.Tensor, y: tf.Tensor1D) => softmaxCrossEntropy(tf.matMul(x as tf.Tensor2D, w), y) };
    expect(await code(() => trainModel(variables, data, { epochs: 2, batchSize: 64, resume: mlpRun.checkpoint }))).toMatch(
      /^INVALID_STATE: Trainer: the checkpoint is of a tf.LayersModel model, this run trains a tf.Variables model/,
    );
    expect(await code(() => trainModel({ variables: { w }, loss: () => tf.ones([2]) as never }, data))).toMatch(
      /^INVALID_ARGUMENT: modelFromVariables: the loss must return a scalar tf.Tensor \(the batch mean\), got a tensor of shape \[2\]/,
    );
    w.dispose();
    other.dispose();
    model.dispose();
  });
});
