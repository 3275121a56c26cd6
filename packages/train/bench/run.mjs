// Seconds per epoch of the lecture's MLP (784-200-10, ReLU, SGD lr 0.01, batch 64) on the
// tfjs wasm backend: descent's training loop vs tf.layers' model.fit with tf.train.sgd, in
// one process, alternating, median of repeats. Each timing covers BATCHES batches of real
// MNIST and is extrapolated to a full epoch (60,000 images = 938 batches).
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '@descent/datasets';
import { Trainer, initBackend } from '../dist/index.js';

const BATCHES = Number(process.env.BATCHES ?? 200);
const REPEATS = Number(process.env.REPEATS ?? 3);
const BATCH = 64;
const EPOCH_BATCHES = Math.ceil(60000 / BATCH);

const info = await initBackend('wasm');
console.log(`backend: ${info.backend} (${info.reason}); ${BATCHES} batches of ${BATCH} per timing, x${(EPOCH_BATCHES / BATCHES).toFixed(2)} to a 938-batch epoch; median of ${REPEATS}`);
const mnist = await loadMnist({ limit: { train: BATCHES * BATCH, test: 1000 } });
const train = mnist.train;

async function descent() {
  const trainer = new Trainer({ hidden: [200], optimizer: 'sgd', optimizerOptions: { lr: 0.01 }, batchSize: BATCH, epochs: 1, seed: 0 }, { train });
  const result = await trainer.run();
  trainer.dispose();
  return result.epochs[0].seconds;
}

const xs = tf.tensor2d(train.images, [train.count, 784]);
const ys = tf.oneHot(tf.tensor1d(Int32Array.from(train.labels), 'int32'), 10).toFloat();
async function modelFit() {
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [784], units: 200, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })],
  });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const start = performance.now();
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - start) / 1000;
  model.dispose();
  return seconds;
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
// Warm-up: compiles the wasm kernels for both.
await descent();
await modelFit();
const ours = [];
const fit = [];
for (let r = 0; r < REPEATS; r++) {
  ours.push(await descent());
  fit.push(await modelFit());
}
const perEpoch = (s) => (s * EPOCH_BATCHES) / BATCHES;
const a = perEpoch(median(ours));
const b = perEpoch(median(fit));

let torch = 'unavailable';
try {
  execFileSync('python3', ['-c', 'import torch'], { stdio: 'ignore' });
  const script = `
import time, torch
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(784, 200), torch.nn.ReLU(), torch.nn.Linear(200, 10))
opt = torch.optim.SGD(m.parameters(), lr=0.01)
x = torch.rand(${BATCHES * BATCH}, 784); y = torch.randint(0, 10, (${BATCHES * BATCH},))
loss_fn = torch.nn.CrossEntropyLoss()
ts = []
for r in range(${REPEATS + 1}):
    perm = torch.randperm(x.shape[0]); t = time.perf_counter()
    for i in range(${BATCHES}):
        idx = perm[i*${BATCH}:(i+1)*${BATCH}]
        opt.zero_grad(); loss = loss_fn(m(x[idx]), y[idx]); loss.backward(); opt.step()
    ts.append(time.perf_counter() - t)
print(sorted(ts[1:])[len(ts[1:])//2])`;
  const s = Number(execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim());
  torch = `${perEpoch(s).toFixed(2)} s/epoch`;
} catch {
  // PyTorch is not installed here.
}

console.log(`descent loop (wasm)      ${a.toFixed(2)} s/epoch   [runs: ${ours.map((s) => perEpoch(s).toFixed(2)).join(', ')}]`);
console.log(`tf.layers model.fit      ${b.toFixed(2)} s/epoch   [runs: ${fit.map((s) => perEpoch(s).toFixed(2)).join(', ')}]`);
console.log(`PyTorch (CPU)            ${torch}`);
console.log(`ratio model.fit / descent: ${(b / a).toFixed(2)}x (floor: >= 1)`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
