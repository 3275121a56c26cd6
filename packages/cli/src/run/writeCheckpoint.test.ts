import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng, isDescentError } from '@descent/core';
import { Trainer, initBackend, train } from '@descent/train';
import type { TrainConfig, TrainData } from '@descent/train';
import { readCheckpoint } from './runFiles';
import { writeCheckpoint } from './writeCheckpoint';

function blobs(count: number, seed: number): TrainData['train'] {
  const rng = new Rng(seed);
  const images = new Float32Array(count * 12);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 3;
    for (let f = 0; f < 12; f++) images[i * 12 + f] = (f % 3 === i % 3 ? 1 : 0) + 0.7 * rng.normal();
  }
  return { images, labels, count };
}

const data: TrainData = { train: blobs(120, 1), test: blobs(30, 2) };
const config: TrainConfig = { hidden: [8], optimizer: 'adam', optimizerOptions: { lr: 0.01 }, batchSize: 16, epochs: 2, seed: 1, classes: 3 };
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'descent-checkpoint-'));
  await initBackend('cpu');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The value with every Float32Array turned into a plain number array. */
function plainBuffers(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v instanceof Float32Array ? Array.from(v) : v)));
}

describe('writeCheckpoint / readCheckpoint', () => {
  it('writes checkpoint.safetensors and a small checkpoint.json, reads them back equal, and resumes an earlier whole-JSON checkpoint.json', async () => {
    const dir = mkdtempSync(join(root, 'run-'));
    const first = await train({ ...config, epochs: 1 }, data);
    writeCheckpoint(dir, first.checkpoint);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.json', 'checkpoint.safetensors']);
    expect(JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'))).toMatchObject({ format: 'descent-checkpoint', version: 2, epoch: 1 });
    // Buffers come back as Float32Array views of the file; their values must be the saved ones.
    expect(plainBuffers(readCheckpoint(dir))).toEqual(first.checkpoint);

    // A run folder of an earlier version: the whole checkpoint as one JSON.
    const old = mkdtempSync(join(root, 'old-'));
    writeFileSync(join(old, 'checkpoint.json'), JSON.stringify(first.checkpoint));
    const resumed = await train(config, data, { resume: readCheckpoint(old)! });
    const whole = await train(config, data);
    expect(resumed.checkpoint.weights).toEqual(whole.checkpoint.weights);
    expect(readCheckpoint(join(root, 'none'))).toBeUndefined();
  });

  it('refuses a checkpoint.json whose safetensors file is missing or from another save, and overwrites a pair in place', async () => {
    const trainer = new Trainer(config, data);
    const { checkpoint } = await trainer.run({ onStep: (m) => void (m.step === 3 && trainer.stop()) });
    trainer.dispose();
    const a = mkdtempSync(join(root, 'a-'));
    const b = mkdtempSync(join(root, 'b-'));
    writeCheckpoint(a, checkpoint);
    writeCheckpoint(b, checkpoint);
    writeCheckpoint(b, checkpoint);
    expect(readdirSync(b).sort()).toEqual(['checkpoint.json', 'checkpoint.safetensors']);
    writeFileSync(join(a, 'checkpoint.safetensors'), readFileSync(join(b, 'checkpoint.safetensors')));
    const message = (f: () => unknown): string => {
      try {
        f();
      } catch (error) {
        return isDescentError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return 'no error';
    };
    expect(message(() => readCheckpoint(a))).toMatch(/^INVALID_STATE: decodeCheckpoint: the safetensors file .* does not belong to this JSON/);
    rmSync(join(a, 'checkpoint.safetensors'));
    expect(message(() => readCheckpoint(a))).toMatch(/^NOT_FOUND: readCheckpoint: .*checkpoint.json keeps its tensors in .*checkpoint.safetensors, which is missing/);
  });
});
