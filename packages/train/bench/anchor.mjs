// The lecture's setup against PyTorch's anchor (fixtures/pytorch-mlp-mnist.jsonl, copied from
// shared/anchors, or ANCHOR=path): MLP 784-200-10, ReLU, nn.Linear init, cross-entropy, plain SGD, batch 64,
// pixels in [0, 1], a new random order each epoch, full MNIST, wasm backend. Prints test
// accuracy per epoch beside PyTorch's; the bar is |difference| <= 1.5 points for
// lr 1e-2 and 1e-1. At 1e-4 the model has barely moved after two epochs, so its accuracy
// still depends on the draw of the initial weights; at 1 it oscillates: both are shown, not barred.
// Usage: node bench/anchor.mjs [epochs=2] [lr,lr,...=0.01,0.1]
import { readFileSync } from 'node:fs';
import { loadMnist } from '@descent/datasets';
import { initBackend, train } from '../dist/index.js';

const epochs = Number(process.argv[2] ?? 2);
const rates = (process.argv[3] ?? '0.01,0.1').split(',').map(Number);
const anchorPath = process.env.ANCHOR ?? new URL('../fixtures/pytorch-mlp-mnist.jsonl', import.meta.url).pathname;
const anchor = readFileSync(anchorPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line));

const info = await initBackend('wasm');
console.log(`backend: ${info.backend} (${info.reason})`);
const mnist = await loadMnist();
console.log(`MNIST: ${mnist.train.count} train, ${mnist.test.count} test images`);
console.log('lr      epoch  train_loss (torch)   test_loss (torch)    test_acc (torch)     diff (points)  s/epoch');
const BARRED = [0.01, 0.1];
let worst = 0;
for (const lr of rates) {
  const result = await train({ hidden: [200], optimizer: 'sgd', optimizerOptions: { lr }, batchSize: 64, epochs, seed: 0, dataset: 'mnist' }, mnist);
  for (const m of result.epochs) {
    const ref = anchor.find((a) => a.lr === lr && a.epoch === m.epoch);
    const diff = ref === undefined ? NaN : (m.testAccuracy - ref.test_acc) * 100;
    if (Number.isFinite(diff) && BARRED.includes(lr)) worst = Math.max(worst, Math.abs(diff));
    const pair = (ours, theirs, digits) => `${ours.toFixed(digits)} (${theirs === undefined ? '?' : theirs.toFixed(digits)})`.padEnd(21);
    console.log(
      `${String(lr).padEnd(8)}${String(m.epoch).padEnd(7)}${pair(m.trainLoss, ref?.train_loss, 4)}${pair(m.testLoss, ref?.test_loss, 4)}${pair(m.testAccuracy, ref?.test_acc, 4)}${((diff >= 0 ? '+' : '') + diff.toFixed(2)).padEnd(15)}${m.seconds.toFixed(2)}`,
    );
  }
}
console.log(`largest |accuracy difference| at lr ${BARRED.join(', ')}: ${worst.toFixed(2)} points (bar: 1.5) -> ${worst <= 1.5 ? 'within' : 'OUTSIDE'}`);
if (!(worst <= 1.5)) process.exitCode = 1;
