// Where one training step of the descent MLP spends its time, phase by phase: the step of
// createDescentMlp (784-HIDDEN-10, ReLU, mean softmax cross-entropy, batch 64) taken apart
// into the calls it makes, each timed on its own over STEPS steps (10th percentile and median
// per phase, in ms), on 1 and 2 threads, and beside it the whole step as the model runs it
// (lossAndGradients + SGD step). GEMM rows are op(A) op(B) with their [m, k, n].
//   node --experimental-wasm-relaxed-simd bench/step.mjs [hidden=200] [steps=900]   (build first)
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const hidden = Number(process.argv[3] === 'child' ? process.argv[4] : (process.argv[2] ?? 200));
const STEPS = Number(process.argv[3] === 'child' ? process.argv[5] : (process.argv[3] ?? 900));

async function child(threads) {
  const { Rng, addBias, cpu, reluBackward, sumRows } = await import('@descent/core');
  const { BatchIterator, loadMnist } = await import('@descent/datasets');
  const { createOptimizer } = await import('@descent/optimizers');
  const { createDescentMlp } = await import('../dist/index.js');
  const mnist = await loadMnist({ limit: { train: STEPS * 64, test: 100 } });
  const model = createDescentMlp({ sizes: [784, hidden, 10], rng: new Rng(0), maxThreads: threads - 1 });
  await model.startThreads(threads - 1);
  const iterator = new BatchIterator(mnist.train, { batchSize: 64, seed: 1 });
  const optimizer = createOptimizer('sgd', model.params, { lr: 0.01 });
  const { arena, params } = model;
  // The model's own buffers are internal: the phases run on buffers of the same shapes in its arena.
  const x = arena.zeros([64, 784]);
  const a1 = arena.zeros([64, hidden]);
  const z2 = arena.zeros([64, 10]);
  const dz2 = arena.zeros([64, 10]);
  const dz1 = arena.zeros([64, hidden]);
  const grads = { 'fc1.weight': arena.zeros([784, hidden]), 'fc1.bias': arena.zeros([hidden]), 'fc2.weight': arena.zeros([hidden, 10]), 'fc2.bias': arena.zeros([10]) };
  const [w1, b1, w2, b2] = ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'].map((n) => params[n]);
  const phases = [
    ['batch gather (BatchIterator)', null],
    ['copy into the arena', (batch) => x.data.set(batch.images)],
    [`X·W1 [64, 784, ${hidden}]`, () => cpu.matmul(a1, x, w1)],
    ['bias + ReLU', () => addBias(a1, b1, true)],
    [`H·W2 [64, ${hidden}, 10]`, () => cpu.matmul(z2, a1, w2)],
    ['bias', () => addBias(z2, b2)],
    ['softmax cross-entropy + dZ2 (JS)', (batch) => softmax(z2.data, dz2.data, batch.labels, 64)],
    [`Hᵀ·dZ2 [${hidden}, 64, 10]`, () => cpu.matmul(grads['fc2.weight'], a1, dz2, { transposeA: true })],
    ['db2 (row sums)', () => sumRows(grads['fc2.bias'], dz2)],
    [`dZ2·W2ᵀ [64, 10, ${hidden}]`, () => cpu.matmul(dz1, dz2, w2, { transposeB: true })],
    ['ReLU backward', () => reluBackward(dz1, a1)],
    [`Xᵀ·dZ1 [784, 64, ${hidden}]`, () => cpu.matmul(grads['fc1.weight'], x, dz1, { transposeA: true })],
    ['db1 (row sums)', () => sumRows(grads['fc1.bias'], dz1)],
    ['SGD step (optimizer: finite check + update)', () => optimizer.step(grads)],
  ];
  const samples = phases.map(() => []);
  const whole = [];
  for (let rep = 0; rep < 2; rep++) {
    for (let s = 0; s < iterator.batchesPerEpoch; s++) {
      let t0 = performance.now();
      const batch = iterator.batch(rep, s);
      let t1 = performance.now();
      if (rep > 0) samples[0].push(t1 - t0);
      for (let p = 1; p < phases.length; p++) {
        t0 = t1;
        phases[p][1](batch);
        t1 = performance.now();
        if (rep > 0) samples[p].push(t1 - t0);
      }
      // The whole step as the model runs it.
      const w0 = performance.now();
      const { grads: g } = model.lossAndGradients(iterator.batch(rep, s));
      optimizer.step(g);
      for (const t of Object.values(g)) cpu.dispose(t);
      if (rep > 0) whole.push(performance.now() - w0);
    }
  }
  model.dispose();
  return { phases: phases.map(([name], p) => [name, quantile(samples[p], 0.1), quantile(samples[p], 0.5)]), whole: [quantile(whole, 0.1), quantile(whole, 0.5)] };
}

function softmax(logits, dz, labels, n) {
  for (let i = 0; i < n; i++) {
    const row = i * 10;
    let max = -Infinity;
    for (let j = 0; j < 10; j++) max = Math.max(max, logits[row + j]);
    let sum = 0;
    for (let j = 0; j < 10; j++) sum += dz[row + j] = Math.exp(logits[row + j] - max);
    const scale = 1 / (sum * n);
    for (let j = 0; j < 10; j++) dz[row + j] *= scale;
    dz[row + labels[i]] -= 1 / n;
  }
}

function quantile(xs, q) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * q)];
}

if (process.argv[2] === 'child') {
  console.log(JSON.stringify(await child(Number(process.argv[3] === 'child' ? 0 : process.argv[3]))));
  process.exit(0);
}
if (process.argv[3] === 'child') {
  console.log(JSON.stringify(await child(Number(process.argv[2]))));
  process.exit(0);
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`784-${hidden}-10, batch 64, ${STEPS} steps per thread count; load average at start ${load()}`);
const runs = [1, 2].map((threads) => {
  const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(import.meta.url), String(threads), 'child', String(hidden), String(STEPS)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
});
console.log(`load average at the end ${load()}\n`);
console.log('| phase | 1 thread p10 (ms) | median | 2 threads p10 (ms) | median |');
console.log('| --- | --- | --- | --- | --- |');
const sums = [0, 0, 0, 0];
runs[0].phases.forEach(([name, p10, median], i) => {
  const [, p10b, medianb] = runs[1].phases[i];
  [p10, median, p10b, medianb].forEach((v, k) => (sums[k] += v));
  console.log(`| ${name} | ${p10.toFixed(4)} | ${median.toFixed(4)} | ${p10b.toFixed(4)} | ${medianb.toFixed(4)} |`);
});
console.log(`| sum of the phases | ${sums.map((v) => v.toFixed(4)).join(' | ')} |`);
console.log(`| whole step (lossAndGradients + SGD) | ${runs[0].whole[0].toFixed(4)} | ${runs[0].whole[1].toFixed(4)} | ${runs[1].whole[0].toFixed(4)} | ${runs[1].whole[1].toFixed(4)} |`);
console.log(`\nx 938 steps, whole step p10: 1 thread ${((runs[0].whole[0] * 938) / 1000).toFixed(3)} s, 2 threads ${((runs[1].whole[0] * 938) / 1000).toFixed(3)} s per epoch`);
