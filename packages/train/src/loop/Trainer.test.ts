import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, cpu, isDescentError } from '@descent/core';
import type { CpuTensor } from '@descent/core';
import { decodeTensor } from '../checkpoint/encodeTensor';
import { createDescentMlp } from '../model/createDescentMlp';
import type { TrainableModel } from '../model/TrainableModel';
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
    const checkpoint = { format: 'descent-checkpoint', version: 3 } as unknown as Checkpoint;
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

  it('trains a TrainableModel on core\'s cpu backend (no tfjs): least squares reaches the normal equations\' solution, and resumes exactly', async () => {
    // y = 2 x0 - 3 x1 + 0.5 + noise, fitted by w . x + b with hand-written gradients.
    const rng = new Rng(9);
    const count = 200;
    const images = new Float32Array(count * 2);
    const targets = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      images[2 * i] = rng.normal();
      images[2 * i + 1] = rng.normal();
      targets[i] = 2 * images[2 * i]! - 3 * images[2 * i + 1]! + 0.5 + 0.1 * rng.normal();
    }
    // The labels carry the item's index; the model looks its target up (labels are Uint8, targets are not).
    const indices = Uint8Array.from({ length: count }, (_, i) => i);
    const split = { images, labels: indices, count };
    const makeModel = (): TrainableModel & { params: { w: CpuTensor; b: CpuTensor } } => {
      const w = cpu.zeros([2], 'w');
      const b = cpu.zeros([1], 'b');
      const meanSquares = (xs: Float32Array, ids: Uint8Array, n: number, grads: boolean) => {
        const [w0, w1] = cpu.read(w);
        const [b0] = cpu.read(b);
        let loss = 0;
        const gw = new Float32Array(2);
        const gb = new Float32Array(1);
        for (let i = 0; i < n; i++) {
          const r = w0! * xs[2 * i]! + w1! * xs[2 * i + 1]! + b0! - targets[ids[i]!]!;
          loss += (r * r) / n;
          if (grads) {
            gw[0] = gw[0]! + (2 * r * xs[2 * i]!) / n;
            gw[1] = gw[1]! + (2 * r * xs[2 * i + 1]!) / n;
            gb[0] = gb[0]! + (2 * r) / n;
          }
        }
        return { loss, gw, gb };
      };
      return {
        kind: 'least squares',
        params: { w, b },
        inputSize: 2,
        lossAndGradients: ({ images: xs, labels: ids, size }) => {
          const { loss, gw, gb } = meanSquares(xs, ids, size, true);
          return { loss: cpu.fromArray([loss], []), grads: { w: cpu.wrap(gw, [2]), b: cpu.wrap(gb, [1]) } };
        },
        evaluate: (s) => ({ loss: meanSquares(s.images, s.labels, s.count, false).loss }),
      };
    };
    const config: TrainConfig = { optimizer: 'adam', optimizerOptions: { lr: 0.05 }, batchSize: 20, epochs: 30, seed: 2, classes: 256 };
    const model = makeModel();
    const result = await new Trainer(config, { train: split, test: split }, { model }).run();
    expect(result.status).toBe('completed');
    expect(result.checkpoint.model).toBe('least squares');
    expect(result.epochs[29]!.testAccuracy).toBeUndefined();
    // The least-squares solution from the normal equations (X^T X) beta = X^T y, in float64.
    const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const v = [0, 0, 0];
    for (let i = 0; i < count; i++) {
      const row = [images[2 * i]!, images[2 * i + 1]!, 1];
      for (let r = 0; r < 3; r++) {
        v[r]! += row[r]! * targets[i]!;
        for (let c = 0; c < 3; c++) m[r]![c]! += row[r]! * row[c]!;
      }
    }
    for (let p = 0; p < 3; p++) {
      for (let r = p + 1; r < 3; r++) {
        const f = m[r]![p]! / m[p]![p]!;
        for (let c = p; c < 3; c++) m[r]![c]! -= f * m[p]![c]!;
        v[r]! -= f * v[p]!;
      }
    }
    const beta = [0, 0, 0];
    for (let r = 2; r >= 0; r--) {
      let s = v[r]!;
      for (let c = r + 1; c < 3; c++) s -= m[r]![c]! * beta[c]!;
      beta[r] = s / m[r]![r]!;
    }
    const [w0, w1] = cpu.read(model.params.w);
    expect(w0).toBeCloseTo(beta[0]!, 2);
    expect(w1).toBeCloseTo(beta[1]!, 2);
    expect(cpu.read(model.params.b)[0]).toBeCloseTo(beta[2]!, 2);
    // The trainer did not dispose the caller's model.
    expect(model.params.w.isDisposed).toBe(false);

    const controller = new AbortController();
    const first = makeModel();
    const stopped = await new Trainer(config, { train: split, test: split }, { model: first }).run({ signal: controller.signal, onStep: (s) => void (s.step === 123 && controller.abort()) });
    expect(stopped.status).toBe('stopped');
    const second = makeModel();
    const rest = await new Trainer(config, { train: split, test: split }, { model: second, resume: JSON.parse(JSON.stringify(stopped.checkpoint)) as Checkpoint }).run();
    expect(Array.from(cpu.read(second.params.w))).toEqual(Array.from(cpu.read(model.params.w)));
    expect(numbers(rest.epochs)).toEqual(numbers(result.epochs));
  });

  it('evaluates and checkpoints an optimizer with train()/eval() modes in eval mode, and trains in train mode', async () => {
    const trainer = new Trainer({ ...base, epochs: 1 }, data);
    const calls: string[] = [];
    const params = trainer.model.params;
    // A stand-in for a schedule-free optimizer's mode switch: eval() moves the weights to x = 2 y, train() back.
    const modal = trainer.optimizer as unknown as { eval(): void; train(): void };
    modal.eval = () => {
      calls.push('eval');
      for (const p of Object.values(params)) p.backend.scale(p, 2);
    };
    modal.train = () => {
      calls.push('train');
      for (const p of Object.values(params)) p.backend.scale(p, 0.5);
    };
    const training = cpu.read(cpu.fromArray(params['fc1.weight']!.backend.read(params['fc1.weight']!)));
    trainer.evaluate();
    expect(calls).toEqual(['eval', 'train']);
    const checkpoint = trainer.checkpoint();
    expect(calls).toEqual(['eval', 'train', 'eval', 'train']);
    expect(Array.from(decodeTensor(checkpoint.weights['fc1.weight']!))).toEqual(Array.from(training, (x) => 2 * x));
    expect(Array.from(params['fc1.weight']!.backend.read(params['fc1.weight']!))).toEqual(Array.from(training));
    await trainer.run({ onEpoch: () => void calls.push('epoch') });
    // The end-of-epoch evaluation, then the final checkpoint.
    expect(calls.slice(4)).toEqual(['eval', 'train', 'epoch', 'eval', 'train']);
    trainer.dispose();
  });

  it("builds the MLP through createModel on descent's own cpu backend (no tfjs): the tfjs run's numbers within float32 drift, and checkpoints move between the two", async () => {
    const config: TrainConfig = { ...base, epochs: 2 };
    const createModel = ({ sizes, rng, batchSize }: { sizes: number[]; rng: Rng; batchSize: number }) => createDescentMlp({ sizes, rng, batchSize });
    const tfjsRun = await train(config, data);
    const trainer = new Trainer(config, data, { createModel });
    expect(trainer.model.kind).toBe('mlp');
    const descentRun = await trainer.run();
    trainer.dispose();
    expect(descentRun.status).toBe('completed');
    expect(descentRun.checkpoint.config).toEqual(tfjsRun.checkpoint.config);
    const close = (a: number, b: number): void => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-4);
    descentRun.epochs.forEach((m, i) => {
      close(m.trainLoss, tfjsRun.epochs[i]!.trainLoss);
      close(m.testLoss!, tfjsRun.epochs[i]!.testLoss!);
    });
    let worst = 0;
    for (const [name, encoded] of Object.entries(tfjsRun.checkpoint.weights)) {
      const a = decodeTensor(encoded);
      const b = decodeTensor(descentRun.checkpoint.weights[name]!);
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    }
    expect(worst).toBeLessThan(1e-5);
    // A tfjs checkpoint after epoch 1 resumes on the descent MLP, and ends where the tfjs run does (within drift).
    const half = await train({ ...config, epochs: 1 }, data);
    const resumed = new Trainer(config, data, { createModel, resume: JSON.parse(JSON.stringify(half.checkpoint)) as Checkpoint });
    const rest = await resumed.run();
    resumed.dispose();
    expect(rest.epochs).toHaveLength(2);
    close(rest.epochs[1]!.testLoss!, tfjsRun.epochs[1]!.testLoss!);
    expect(() => new Trainer(config, data, { createModel, model: trainer.model })).toThrow(/createModel must be a function .* cannot come with options.model/);
  });
});
