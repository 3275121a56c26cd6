import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '@descent/datasets';
import { initBackend } from '../backend/initBackend';
import { trainModel } from '../loop/trainModel';
import { createMlp } from '../model/createMlp';
import { modelFromMlp } from '../model/modelFromMlp';
import { encodeCheckpoint } from './encodeCheckpoint';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
if (!hasTorch) console.warn(`torch.test.ts: skipped: '${PYTHON} -c "import torch"' failed, so the checkpoint is not read back in PyTorch here`);

/**
 * PyTorch's side, written without descent's code: reads the safetensors file with struct +
 * json + torch.frombuffer (or with the safetensors package when it is installed), builds
 * nn.Linear layers from the MLP's [in, out] weights transposed to torch's [out, in], and
 * writes the logits of the images.
 */
const script = String.raw`
import json, struct, sys, torch
folder = sys.argv[1]
raw = open(folder + '/checkpoint.safetensors', 'rb').read()
(n,) = struct.unpack('<Q', raw[:8])
header = json.loads(raw[8:8 + n])
def tensor(name):
    entry = header[name]
    assert entry['dtype'] == 'F32', entry
    begin, end = entry['data_offsets']
    return torch.frombuffer(bytearray(raw[8 + n + begin:8 + n + end]), dtype=torch.float32).reshape(entry['shape'])
try:
    from safetensors.torch import load_file
    loaded = load_file(folder + '/checkpoint.safetensors')
    for key in loaded:
        assert torch.equal(loaded[key], tensor(key)), key
    print('checked against the safetensors package too')
except ImportError:
    pass
names = json.load(open(folder + '/checkpoint.json'))['weights']
layers = []
for k in range(1, len(names) // 2 + 1):
    w = tensor('model/fc%d.weight' % k)  # [in, out], as tfjs multiplies x W
    b = tensor('model/fc%d.bias' % k)
    linear = torch.nn.Linear(w.shape[0], w.shape[1])
    with torch.no_grad():
        linear.weight.copy_(w.t())  # torch's Linear holds [out, in] and computes x W^T + b
        linear.bias.copy_(b)
    layers += [linear, torch.nn.ReLU()]
model = torch.nn.Sequential(*layers[:-1])
images = torch.frombuffer(bytearray(open(folder + '/images.f32', 'rb').read()), dtype=torch.float32).reshape(-1, 784)
with torch.no_grad():
    logits = model(images)
open(folder + '/logits.f32', 'wb').write(logits.numpy().astype('<f4').tobytes())
`;

let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'descent-torch-'));
  await initBackend('wasm');
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(!hasTorch)('the safetensors checkpoint read in PyTorch', () => {
  it("gives torch.nn.Linear layers (weights transposed) the MLP's predictions on real MNIST images", async () => {
    const mnist = await loadMnist({ limit: { train: 2000, test: 500 } });
    const mlp = createMlp({ sizes: [784, 64, 32, 10], seed: 4 });
    const result = await trainModel(modelFromMlp(mlp), { train: mnist.train }, { optimizer: 'adam', optimizerOptions: { lr: 0.003 }, batchSize: 32, epochs: 2 });
    const { json, tensors } = encodeCheckpoint(result.checkpoint);
    writeFileSync(join(folder, 'checkpoint.safetensors'), tensors);
    writeFileSync(join(folder, 'checkpoint.json'), JSON.stringify(json));
    const images = mnist.test.images;
    writeFileSync(join(folder, 'images.f32'), images);
    const run = spawnSync(PYTHON, ['-c', script, folder], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const bytes = readFileSync(join(folder, 'logits.f32'));
    const theirs = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const x = tf.tensor2d(images, [500, 784]);
    const logits = mlp.predict(x);
    const ours = logits.dataSync();
    expect(theirs.length).toBe(ours.length);
    let worst = 0;
    let agree = 0;
    for (let i = 0; i < 500; i++) {
      let a = 0;
      let b = 0;
      for (let c = 0; c < 10; c++) {
        worst = Math.max(worst, Math.abs(ours[i * 10 + c]! - theirs[i * 10 + c]!) / (1 + Math.abs(theirs[i * 10 + c]!)));
        if (ours[i * 10 + c]! > ours[i * 10 + a]!) a = c;
        if (theirs[i * 10 + c]! > theirs[i * 10 + b]!) b = c;
      }
      if (a === b) agree++;
    }
    expect(worst).toBeLessThan(1e-5);
    expect(agree).toBe(500);
    // A trained model, not a random one: most test digits right.
    const right = Array.from({ length: 500 }, (_, i) => i).filter((i) => {
      let best = 0;
      for (let c = 1; c < 10; c++) if (theirs[i * 10 + c]! > theirs[i * 10 + best]!) best = c;
      return best === mnist.test.labels[i];
    }).length;
    expect(right / 500).toBeGreaterThan(0.8);
    tf.dispose([x, logits]);
    mlp.dispose();
  }, 240_000);
});
