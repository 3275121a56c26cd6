import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, isDescentError } from '@descent/core';
import { initBackend } from '../backend/initBackend';
import type { Checkpoint, EpochMetrics, StepMetrics, TrainConfig, TrainData } from '../types';
import { Trainer } from './Trainer';
import { train } from './train';

/** Three Gaussian blobs in 20 dimensions: small, learnable, fast on the cpu backend. */
function blobs(count: number, seed: number): TrainData['train'] {
  const rng = new Rng(seed);
  const images = new Float32Array(count * 20);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    labels[i] = label;
    for (let f = 0; f < 20; f++) images[i * 20 + f] = (f % 3 === label ? 1 : 0) + 0.7 * rng.normal();
  }
  return { images, labels, count };
}

const data: TrainData = { train: blobs(300, 1), test: blobs(90, 2) };
const base: TrainConfig = { hidden: [16], optimizer: 'sgd', optimizerOptions: { lr: 0.1, momentum: 0.9 }, batchSize: 16, epochs: 3, seed: 5, classes: 3 };

function numbers(history: EpochMetrics[]): unknown[] {
  return history.map(({ seconds: _s, evalSeconds: _e, ...rest }) => rest);
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('Trainer', () => {
  it('learns the blobs, calls onStep for every step in order and onEpoch per epoch', async () => {
    const steps: StepMetrics[] = [];
    const epochs: EpochMetrics[] = [];
    const result = await train(base, data, { onStep: (m) => steps.push(m), onEpoch: (m) => void epochs.push(m) });
    expect(result.status).toBe('completed');
    expect(result.steps).toBe(3 * 19);
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 57 }, (_, i) => i + 1));
    expect(steps[19]).toMatchObject({ epoch: 2, batch: 0 });
    expect(epochs).toEqual(result.epochs);
    const mean = (xs: StepMetrics[]): number => xs.reduce((a, s) => a + s.loss, 0) / xs.length;
    expect(result.epochs[0]!.trainLoss).toBeCloseTo(mean(steps.slice(0, 19)), 10);
    expect(result.epochs[2]!.trainLoss).toBeLessThan(result.epochs[0]!.trainLoss);
    expect(result.epochs[2]!.testAccuracy).toBeGreaterThan(0.9);
    expect(result.checkpoint).toMatchObject({ epoch: 3, batch: 0, step: 57, diverged: null });
  });

  it('is deterministic: same seed, same numbers and weights; another seed, other numbers', async () => {
    const a = await train(base, data);
    const b = await train(base, data);
    const c = await train({ ...base, seed: 6 }, data);
    expect(numbers(b.epochs)).toEqual(numbers(a.epochs));
    expect(b.checkpoint.weights).toEqual(a.checkpoint.weights);
    expect(numbers(c.epochs)).not.toEqual(numbers(a.epochs));
  });

  it('resumed at an epoch boundary (through JSON) ends with exactly the numbers of an uninterrupted run', async () => {
    const config: TrainConfig = { ...base, optimizer: 'adam', optimizerOptions: { lr: 0.01 }, schedule: 'step:1:0.5', epochs: 4 };
    const whole = await train(config, data);
    const trainer = new Trainer(config, data);
    const first = await trainer.run({ onEpoch: (m) => void (m.epoch === 2 && trainer.stop()) });
    trainer.dispose();
    expect(first.status).toBe('stopped');
    expect(first.checkpoint).toMatchObject({ epoch: 2, batch: 0 });
    const saved = JSON.parse(JSON.stringify(first.checkpoint)) as Checkpoint;
    const rest = await train(config, data, { resume: saved });
    expect(rest.status).toBe('completed');
    expect(numbers(rest.epochs)).toEqual(numbers(whole.epochs));
    expect(rest.checkpoint.weights).toEqual(whole.checkpoint.weights);
    expect(rest.checkpoint.optimizer).toEqual(whole.checkpoint.optimizer);
    expect(rest.epochs.map((m) => m.lr)).toEqual([0.01, 0.005, 0.0025, 0.00125]);
  });

  it('stops mid-epoch on an abort signal after the current batch, and resumes exactly from there', async () => {
    const config: TrainConfig = { ...base, syncEvery: 4 };
    const whole = await train(config, data);
    const controller = new AbortController();
    const first = await train(config, data, { signal: controller.signal, onStep: (m) => void (m.step === 25 && controller.abort()) });
    expect(first.status).toBe('stopped');
    // Losses are read back 4 steps at a time, counted from the epoch's start (epoch 2 starts
    // at step 20): step 25 is seen once step 27 ran, the 8th batch of epoch 2.
    expect(first.checkpoint).toMatchObject({ epoch: 1, batch: 8, step: 27 });
    const rest = await train(config, data, { resume: JSON.parse(JSON.stringify(first.checkpoint)) as Checkpoint });
    expect(numbers(rest.epochs)).toEqual(numbers(whole.epochs));
    expect(rest.checkpoint.weights).toEqual(whole.checkpoint.weights);
  });

  it('stops one batch after an abort that arrives through the event loop (as Ctrl-C does)', async () => {
    const controller = new AbortController();
    const result = await train({ ...base, syncEvery: 1 }, data, {
      signal: controller.signal,
      onStep: (m) => void (m.step === 5 && setImmediate(() => controller.abort())),
    });
    expect(result.status).toBe('stopped');
    expect(result.checkpoint).toMatchObject({ epoch: 0, batch: 5, step: 5 });
  });

  it('marks a run diverged at the first non-finite loss (lr = 1e3) and stops cleanly', async () => {
    const seen: unknown[] = [];
    const before = tf.memory().numTensors;
    const result = await train({ ...base, optimizerOptions: { lr: 1e3 }, epochs: 5 }, data, { onDiverged: (d) => seen.push(d) });
    expect(result.status).toBe('diverged');
    expect(result.diverged).not.toBeNull();
    expect(seen).toEqual([result.diverged]);
    const d = result.diverged!;
    expect(d.step).toBeGreaterThan(1);
    expect(d.step).toBeLessThan(5 * 19);
    expect(result.steps).toBeLessThan(d.step);
    expect(result.checkpoint.diverged).toEqual(d);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new Trainer({ ...base, optimizerOptions: { lr: 1e3 }, epochs: 5 }, data, { resume: result.checkpoint })).toThrow(
      /cannot resume a run that diverged/,
    );
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    await train({ ...base, epochs: 1 }, data);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies an epoch schedule at epoch boundaries and a step schedule every step', async () => {
    const byEpoch: StepMetrics[] = [];
    await train({ ...base, optimizerOptions: { lr: 0.1 }, schedule: 'step:1:0.5', epochs: 2 }, data, { onStep: (m) => byEpoch.push(m) });
    expect(byEpoch[18]!.lr).toBe(0.1);
    expect(byEpoch[19]!.lr).toBe(0.05);
    const byStep: StepMetrics[] = [];
    await train({ ...base, optimizerOptions: { lr: 0.1 }, schedule: { type: 'exponential', gamma: 0.5 }, scheduleUnit: 'step', epochs: 1 }, data, {
      onStep: (m) => byStep.push(m),
    });
    expect(byStep.slice(0, 3).map((m) => m.lr)).toEqual([0.1, 0.05, 0.025]);
  });

  it('rejects bad config, data and checkpoints with errors that name the field', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return isDescentError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return undefined;
    };
    expect(code(() => new Trainer({ ...base, optimizer: 'adamm' }, data))).toMatch(/^INVALID_ARGUMENT: resolveTrainConfig: optimizer must be one of .*sgd.*adam/);
    expect(code(() => new Trainer({ ...base, batchSize: 0 }, data))).toMatch(/batchSize must be an integer >= 1, got 0/);
    expect(code(() => new Trainer({ ...base, learningRate: 1 } as TrainConfig, data))).toMatch(/learningRate must be a known field/);
    expect(code(() => new Trainer({ ...base, schedule: 'step:x' }, data))).toMatch(/^INVALID_SCHEDULE: Trainer: schedule: step\.stepSize must be a number/);
    expect(code(() => new Trainer({ ...base, optimizerOptions: {}, schedule: 'step:1' }, data))).toMatch(/needs optimizerOptions.lr/);
    expect(code(() => new Trainer({ ...base, optimizerOptions: { lr: 0.1, momentom: 1 } }, data))).toMatch(/momentom/);
    expect(code(() => new Trainer({ ...base, classes: 2 }, data))).toMatch(/data.train.labels\[2\] is 2, but classes is 2/);
    expect(code(() => new Trainer(base, { train: { ...data.train, count: 7 } }))).toMatch(/^SHAPE_MISMATCH/);
    const checkpoint = { format: 'descent-checkpoint', version: 2 } as unknown as Checkpoint;
    expect(code(() => new Trainer(base, data, { resume: checkpoint }))).toMatch(/^INVALID_STATE: checkCheckpoint: version must be 1/);
  });

  it('refuses to resume with a different config, except epochs', async () => {
    const trainer = new Trainer({ ...base, epochs: 1 }, data);
    const { checkpoint } = await trainer.run();
    trainer.dispose();
    expect(() => new Trainer({ ...base, epochs: 2, batchSize: 32 }, data, { resume: checkpoint })).toThrow(
      /config.batchSize is 32 but the checkpoint was trained with 16/,
    );
    const more = await train({ ...base, epochs: 2 }, data, { resume: checkpoint });
    expect(more.epochs.map((m) => m.epoch)).toEqual([1, 2]);
  });
});
