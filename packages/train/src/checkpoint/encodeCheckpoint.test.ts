import { beforeAll, describe, expect, it } from 'vitest';
import { errorText } from '@descent/test-utils';
import { Rng } from '@descent/core';
import { initBackend } from '../backend/initBackend';
import { Trainer } from '../loop/Trainer';
import { train } from '../loop/train';
import type { Checkpoint, EpochMetrics, TrainConfig, TrainData } from '../types';
import { decodeCheckpoint, encodeCheckpoint } from './encodeCheckpoint';
import { readSafetensors } from './safetensors';

function blobs(count: number, seed: number): TrainData['train'] {
  const rng = new Rng(seed);
  const images = new Float32Array(count * 20);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 3;
    for (let f = 0; f < 20; f++) images[i * 20 + f] = (f % 3 === i % 3 ? 1 : 0) + 0.7 * rng.normal();
  }
  return { images, labels, count };
}

const data: TrainData = { train: blobs(300, 1), test: blobs(90, 2) };
const config: TrainConfig = { hidden: [64], optimizer: 'adam', optimizerOptions: { lr: 0.01 }, schedule: 'step:1:0.5', batchSize: 16, epochs: 3, seed: 5, classes: 3 };
const numbers = (history: EpochMetrics[]): unknown[] => history.map(({ seconds: _s, evalSeconds: _e, ...rest }) => rest);

/** The checkpoint with the optimizer's Float32Array buffers (as decodeCheckpoint gives them) as lists of numbers, as checkpoint() writes them. */
function withNumbers(c: Checkpoint): Checkpoint {
  const numbers = <T extends { data: ArrayLike<number> }>(t: T): T => ({ ...t, data: Array.from(t.data) });
  const map = <T extends { data: ArrayLike<number> }>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).map(([k, t]) => [k, numbers(t)]));
  const o = c.optimizer;
  return {
    ...c,
    optimizer: {
      ...o,
      params: Object.fromEntries(Object.entries(o.params).map(([name, p]) => [name, { ...p, buffers: map(p.buffers) }])),
      accumulation: o.accumulation === null ? null : { ...o.accumulation, buffers: map(o.accumulation.buffers) },
    },
  };
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('encodeCheckpoint / decodeCheckpoint', () => {
  it('splits a checkpoint into safetensors (within 10% of the raw float32 bytes) and a small JSON, and joins them back exactly', async () => {
    const trainer = new Trainer(config, data);
    const stopped = await trainer.run({ onStep: (m) => void (m.step === 25 && trainer.stop()) });
    trainer.dispose();
    const checkpoint = stopped.checkpoint;
    const { json, tensors } = encodeCheckpoint(checkpoint);
    // Adam keeps two buffers per parameter: the file holds three float32 copies of the 20-64-3 MLP.
    const parameters = 20 * 64 + 64 + 64 * 3 + 3;
    const raw = 3 * 4 * parameters;
    expect(tensors.length).toBeGreaterThan(raw);
    expect(tensors.length).toBeLessThan(1.1 * raw);
    const text = JSON.stringify(json);
    expect(text.length).toBeLessThan(6000);
    expect(json).toMatchObject({ format: 'descent-checkpoint', version: 2, step: checkpoint.step, weights: ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'] });
    expect(json.optimizer.params['fc1.weight']!.buffers).toEqual({ expAvg: 'optimizer/fc1.weight/expAvg', expAvgSq: 'optimizer/fc1.weight/expAvgSq' });
    const file = readSafetensors(tensors);
    expect(file.metadata.id).toBe(json.tensors.id);
    expect(file.tensors['model/fc1.weight']!.shape).toEqual([20, 64]);
    const back = decodeCheckpoint(JSON.parse(text), tensors);
    // The optimizer's buffers come back as Float32Arrays (loadStateDict reads them as they are), with the same values.
    expect(back.optimizer.params['fc1.weight']!.buffers.expAvg!.data).toBeInstanceOf(Float32Array);
    expect(withNumbers(back)).toEqual(checkpoint);

    // And resuming from it ends exactly where an uninterrupted run ends.
    const whole = await train(config, data);
    const rest = await train(config, data, { resume: back });
    expect(rest.checkpoint.weights).toEqual(whole.checkpoint.weights);
    expect(numbers(rest.epochs)).toEqual(numbers(whole.epochs));
  });

  it('keeps gradients being accumulated', async () => {
    const accumulating: TrainConfig = { ...config, optimizerOptions: { lr: 0.01, accumulate: 4 }, schedule: null, epochs: 1, syncEvery: 1 };
    const trainer = new Trainer(accumulating, data);
    const { checkpoint } = await trainer.run({ onStep: (m) => void (m.step === 6 && trainer.stop()) });
    trainer.dispose();
    expect(checkpoint.optimizer.accumulation?.count).toBe(2);
    const { json, tensors } = encodeCheckpoint(checkpoint);
    expect(json.optimizer.accumulation?.buffers['fc2.bias']).toBe('accumulated/fc2.bias');
    expect(withNumbers(decodeCheckpoint(json, tensors))).toEqual(checkpoint);
  });

  it('refuses halves of two different saves, a missing tensor, and a compact JSON handed to the Trainer as it is', async () => {
    const { checkpoint } = await train({ ...config, epochs: 1 }, data);
    const a = encodeCheckpoint(checkpoint);
    const b = encodeCheckpoint(checkpoint);
    expect(errorText(() => decodeCheckpoint(a.json, b.tensors))).toMatch(/^INVALID_STATE: decodeCheckpoint: the safetensors file \(id .*\) does not belong to this JSON/);
    const renamed = { ...a.json, weights: [...a.json.weights, 'fc9.weight'] };
    expect(errorText(() => decodeCheckpoint(renamed, a.tensors))).toMatch(/weight 'fc9.weight' \('model\/fc9.weight'\) is missing from the safetensors file/);
    expect(errorText(() => decodeCheckpoint(checkpoint as never, a.tensors))).toMatch(/expected the JSON of a compact checkpoint/);
    expect(errorText(() => new Trainer({ ...config, epochs: 2 }, data, { resume: a.json as unknown as Checkpoint }))).toMatch(
      /^INVALID_STATE: checkCheckpoint: this is the JSON half of a compact checkpoint \(version 2\): join it with its safetensors file first/,
    );
  });
});
