// runExperiment in worker threads on a dataset loaded once on shared memory: the lecture's
// four learning rates, one short epoch each (BATCHES batches), run one after another in one
// worker, then on WORKERS workers at once, each worker given its share of the cores for the
// engine's own threads (BACKEND descent: cores / WORKERS threads each, so nothing is
// oversubscribed). Prints the wall times and the speed-ups, measured in one run:
//   - against one after another on one thread each (the same work per run: what the pool adds);
//   - against one after another with every core's threads per run (what a sweep gains over
//     the threaded engine alone).
//   BACKEND=wasm node bench/sweep.mjs    (tfjs-wasm, one thread per worker)
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadMnist } from '@descent/datasets';

const BATCHES = Number(process.env.BATCHES ?? 150);
const WORKERS = Number(process.env.WORKERS ?? 2);
const BACKEND = process.env.BACKEND ?? 'descent';
const cores = availableParallelism();
const mnist = await loadMnist({ shared: true, limit: { train: BATCHES * 64, test: 2000 } });
const configs = [1e-4, 1e-2, 1e-1, 1].map((lr) => ({ optimizer: 'sgd', optimizerOptions: { lr }, batchSize: 64, epochs: 1, seed: 0 }));

async function runOn(workers, threads) {
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./sweep-worker.mjs', import.meta.url), { workerData: { train: mnist.train, test: mnist.test, backend: BACKEND, threads } }));
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

const share = Math.max(1, Math.floor(cores / WORKERS));
console.log(`backend ${BACKEND}, ${cores} cores, load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const sequentialOne = await runOn(1, 1);
const sequentialAll = BACKEND === 'descent' ? await runOn(1, Math.min(4, cores)) : sequentialOne;
const parallel = await runOn(WORKERS, share);
for (const r of parallel.results.sort((a, b) => a.lr - b.lr)) {
  const m = r.epochs[0];
  console.log(`lr ${String(r.lr).padEnd(7)} ${r.status.padEnd(10)} test accuracy ${m === undefined ? '-' : m.testAccuracy.toFixed(4)}  (${r.reason})`);
}
console.log(`4 runs of ${BATCHES} batches, one after another on 1 thread: ${sequentialOne.seconds.toFixed(2)} s`);
if (BACKEND === 'descent') console.log(`4 runs one after another on ${Math.min(4, cores)} threads each: ${sequentialAll.seconds.toFixed(2)} s`);
console.log(`4 runs on ${WORKERS} workers, ${share} thread${share === 1 ? '' : 's'} each: ${parallel.seconds.toFixed(2)} s`);
console.log(`speed-up of the pool over one after another (1 thread each): ${(sequentialOne.seconds / parallel.seconds).toFixed(2)}x`);
if (BACKEND === 'descent') console.log(`speed-up over one after another with every core's threads per run: ${(sequentialAll.seconds / parallel.seconds).toFixed(2)}x`);
console.log(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (above the core count, the figures are disturbed)`);
console.log(`peak RSS (main thread's process, workers included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
