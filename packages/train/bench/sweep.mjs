// runExperiment in worker threads on a dataset loaded once on shared memory: the lecture's
// four learning rates, one short epoch each (BATCHES batches), run one after another in one
// worker, then on WORKERS workers at once. Prints both wall times and the speed-up.
import { Worker } from 'node:worker_threads';
import { loadMnist } from '@descent/datasets';

const BATCHES = Number(process.env.BATCHES ?? 150);
const WORKERS = Number(process.env.WORKERS ?? 2);
const mnist = await loadMnist({ shared: true, limit: { train: BATCHES * 64, test: 2000 } });
const configs = [1e-4, 1e-2, 1e-1, 1].map((lr) => ({ optimizer: 'sgd', optimizerOptions: { lr }, batchSize: 64, epochs: 1, seed: 0 }));

async function runOn(workers) {
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./sweep-worker.mjs', import.meta.url), { workerData: { train: mnist.train, test: mnist.test } }));
  const queue = [...configs];
  const results = [];
  const start = performance.now();
  await Promise.all(
    pool.map(
      (worker) =>
        new Promise((resolve, reject) => {
          const next = () => {
            const config = queue.shift();
            if (config === undefined) return resolve();
            worker.postMessage(config);
          };
          worker.on('message', (result) => {
            results.push(result);
            next();
          });
          worker.on('error', reject);
          next();
        }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  pool.forEach((w) => w.postMessage(null));
  return { seconds, results };
}

const sequential = await runOn(1);
const parallel = await runOn(WORKERS);
for (const r of parallel.results.sort((a, b) => a.lr - b.lr)) {
  const m = r.epochs[0];
  console.log(`lr ${String(r.lr).padEnd(7)} ${r.status.padEnd(10)} test accuracy ${m === undefined ? '-' : m.testAccuracy.toFixed(4)}`);
}
console.log(`4 runs of ${BATCHES} batches: one worker ${sequential.seconds.toFixed(2)} s, ${WORKERS} workers ${parallel.seconds.toFixed(2)} s, speed-up ${(sequential.seconds / parallel.seconds).toFixed(2)}x`);
console.log(`peak RSS (main thread's process, workers included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
