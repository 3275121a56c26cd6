// runExperiment in worker threads on a dataset loaded once on shared memory: the lecture's
// four learning rates (SGD, batch 64, the 784-200-10 MLP), each one whole epoch of the 60,000
// MNIST training images with the 10,000 test images evaluated at its end, run
//   - one after another in one worker, on one thread (the same work per run as in the pool);
//   - one after another in one worker, with every core's threads per run (descent only);
//   - on WORKERS workers at once, each given its share of the cores for the engine's own
//     threads (BACKEND descent: cores / WORKERS threads each, so nothing is oversubscribed).
// Each time runs from the workers' creation to the last result and the workers' end: their
// start (module import, WebAssembly compilation, the arena) is counted, as `descent sweep`'s
// "N runs in X s" counts it. The dataset is loaded once, before (as in `descent sweep`, whose
// figure starts once the data is loaded): its load time is printed, and the speed-up with it
// added to both sides, which is what a whole `descent sweep` command gains. The workers run
// with this process's Node flags (inherited; V8's are the process's); the header says which.
// Prints the wall times and the speed-ups, measured in one run, and beside them the CPU time each worker's
// thread was given (Linux): with the load average above the core count, other processes took
// part of the cores and the wall figures are disturbed, while the CPU figures still say what
// each worker needed; "critical path" is the busiest worker's CPU seconds, the wall time a
// quiet machine would show.
// Beside each pool run it also times the host's own ceiling for this work: WORKERS separate
// processes (nothing shared but the machine), each running the four runs one after another on
// one thread, started together; WORKERS x (one alone) / (the latest to end) is what that many
// workers could gain here with no pool at all. A pool's speed-up near that figure loses nothing to
// the pool; the rest is the host (cores that slow each other down through shared caches and
// memory, and other machines' load on them).
//   node bench/sweep.mjs                  (build first: pnpm build)
//   BATCHES=300 node bench/sweep.mjs      (shorter runs: 300 batches of 64 each)
//   BACKEND=wasm node bench/sweep.mjs     (tfjs-wasm, one thread per worker)
//   REPEATS=3 node bench/sweep.mjs        (each configuration 3 times, in turn: the best wall time of each)
//   node --experimental-wasm-relaxed-simd bench/sweep.mjs   (fused multiply-add, Node 20: both sides)
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadMnist } from '@descent/datasets';

const BATCH = 64;
const EPOCH_BATCHES = Math.ceil(60000 / BATCH);
const BATCHES = Number(process.env.BATCHES ?? EPOCH_BATCHES);
const WORKERS = Number(process.env.WORKERS ?? 2);
const BACKEND = process.env.BACKEND ?? 'descent';
const REPEATS = Number(process.env.REPEATS ?? 1);
const cores = availableParallelism();
// Set in the processes that time the host's ceiling (see above).
const CHILD = process.env.SWEEP_CEILING_CHILD === '1';
const loadStart = performance.now();
const mnist = await loadMnist({ shared: true, ...(BATCHES < EPOCH_BATCHES ? { limit: { train: BATCHES * BATCH } } : {}) });
const loadSeconds = (performance.now() - loadStart) / 1000;
const configs = [1e-4, 1e-2, 1e-1, 1].map((lr) => ({ optimizer: 'sgd', optimizerOptions: { lr }, batchSize: BATCH, epochs: 1, seed: 0 }));

/** The four runs on `workers` workers of `threads` threads each: wall seconds, each worker's CPU seconds, the results. */
async function runOn(workers, threads) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const pool = Array.from(
    { length: workers },
    // No execArgv: a worker inherits this process's flags, and V8's (--experimental-wasm-relaxed-simd)
    // hold for the whole process (a Worker given them explicitly refuses them: ERR_WORKER_INVALID_EXEC_ARGV).
    () => new Worker(new URL('./sweep-worker.mjs', import.meta.url), { workerData: { train: mnist.train, test: mnist.test, backend: BACKEND, threads } }),
  );
  const queue = [...configs];
  const results = [];
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
  const used = process.cpuUsage(cpuStart);
  const threadCpu = await Promise.all(
    pool.map(
      (w) =>
        new Promise((resolve) => {
          w.removeAllListeners('message');
          w.once('message', resolve);
          w.postMessage(null);
        }),
    ),
  );
  await Promise.all(pool.map((w) => w.terminate()));
  // The CPU figures' round trip (a few ms) is in it too: the sweep ends when its workers have.
  const seconds = (performance.now() - start) / 1000;
  return { seconds, threadCpu, processCpu: (used.user + used.system) / 1e6, results };
}

if (CHILD) {
  // Ready once the data is loaded; the four runs start when the parent says so (both at once).
  process.once('message', async () => {
    const { seconds } = await runOn(1, 1);
    process.send({ seconds }, () => process.exit(0));
  });
  process.send('ready');
} else {
  await main();
}

/** The host's ceiling: the four runs one after another in each of WORKERS processes at once; the latest one's seconds. */
async function independent() {
  const children = Array.from({ length: WORKERS }, () => fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, SWEEP_CEILING_CHILD: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  // Each child's next message; an exit before it is an error.
  const answers = () =>
    Promise.all(
      children.map(
        (child) =>
          new Promise((resolve, reject) => {
            const onExit = (code) => reject(new Error(`a ceiling process exited with ${code} before answering`));
            child.once('exit', onExit);
            child.once('message', (message) => {
              child.off('exit', onExit);
              resolve(message);
            });
          }),
      ),
    );
  await answers();
  const done = answers();
  for (const child of children) child.send('go');
  const results = await done;
  return Math.max(...results.map((r) => r.seconds));
}

async function main() {
  const share = Math.max(1, Math.floor(cores / WORKERS));
  const all = Math.min(4, cores);
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`backend ${BACKEND}, ${cores} cores; 4 runs of ${BATCHES} batches of ${BATCH} (${BATCHES === EPOCH_BATCHES ? 'one epoch of 60,000 images' : `${BATCHES * BATCH} images`}) + 10,000 test images each; load average at start ${load()}`);
  console.log(`node ${process.version} flags: ${process.execArgv.join(' ') || '(none)'} (every worker of both sides the same); dataset loaded in ${loadSeconds.toFixed(2)} s${REPEATS > 1 ? `; best of ${REPEATS}` : ''}`);
  /** The run of `workers` x `threads` with the least wall time of REPEATS. */
  const best = (runs) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const times = { sequentialOne: [], sequentialAll: [], parallel: [], independent: [] };
  for (let r = 0; r < REPEATS; r++) {
    times.sequentialOne.push(await runOn(1, 1));
    if (BACKEND === 'descent' && all > 1) times.sequentialAll.push(await runOn(1, all));
    times.parallel.push(await runOn(WORKERS, share));
    if (WORKERS > 1) times.independent.push(await independent());
  }
  const sequentialOne = best(times.sequentialOne);
  const sequentialAll = times.sequentialAll.length > 0 ? best(times.sequentialAll) : undefined;
  const parallel = best(times.parallel);
  for (const r of parallel.results.sort((a, b) => a.lr - b.lr)) {
    const m = r.epochs[0];
    console.log(`lr ${String(r.lr).padEnd(7)} ${r.status.padEnd(10)} test accuracy ${m === undefined ? '-' : m.testAccuracy.toFixed(4)}  ${r.seconds.toFixed(2)} s  (${r.reason})`);
  }
  const cpuText = (run) => {
    const busiest = Math.max(...run.threadCpu);
    return Number.isNaN(busiest) ? '' : `  [CPU: workers ${run.threadCpu.map((c) => c.toFixed(2)).join(' + ')} s, critical path ${busiest.toFixed(2)} s; process ${run.processCpu.toFixed(2)} s]`;
  };
  const critical = (run) => Math.max(...run.threadCpu);
  console.log(`one after another on 1 thread:            ${sequentialOne.seconds.toFixed(2)} s${cpuText(sequentialOne)}`);
  // (Its workers' CPU would leave out the engine's own threads: the process's CPU only.)
  if (sequentialAll !== undefined) console.log(`one after another on ${all} threads each:      ${sequentialAll.seconds.toFixed(2)} s  [CPU: process ${sequentialAll.processCpu.toFixed(2)} s]`);
  console.log(`on ${WORKERS} workers, ${share} thread${share === 1 ? '' : 's'} each:             ${parallel.seconds.toFixed(2)} s${cpuText(parallel)}`);
  const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
  const onCpu = (a, b) => (Number.isNaN(critical(a)) ? '' : ` (critical paths: ${ratio(critical(a), critical(b))})`);
  console.log(`speed-up of the pool over one after another on 1 thread: ${ratio(sequentialOne.seconds, parallel.seconds)}${onCpu(sequentialOne, parallel)}`);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const repeatText = (ratios) => `each repeat: ${ratios.map((r) => `${r.toFixed(2)}x`).join(', ')} (median ${median(ratios).toFixed(2)}x)`;
  if (REPEATS > 1) console.log(`  ${repeatText(times.sequentialOne.map((s, i) => s.seconds / times.parallel[i].seconds))}`);
  console.log(`  with the dataset's load (${loadSeconds.toFixed(2)} s) on both sides, as a whole descent sweep: ${ratio(sequentialOne.seconds + loadSeconds, parallel.seconds + loadSeconds)}`);
  if (sequentialAll !== undefined) console.log(`speed-up over one after another on ${all} threads each: ${ratio(sequentialAll.seconds, parallel.seconds)}`);
  if (times.independent.length > 0) {
    const ceilings = times.independent.map((seconds, i) => (WORKERS * times.sequentialOne[i].seconds) / seconds);
    const bestCeiling = times.independent.reduce((a, b) => Math.min(a, b));
    console.log(`the host's ceiling: ${WORKERS} separate processes, each the four runs one after another on 1 thread, at once: ${bestCeiling.toFixed(2)} s (the latest to end)`);
    console.log(`  what ${WORKERS} cores gain here with no pool at all: ${ratio(WORKERS * sequentialOne.seconds, bestCeiling)}${REPEATS > 1 ? `; ${repeatText(ceilings)}` : ''}`);
  }
  console.log(`load average at the end ${load()} (above ${cores}, other processes took part of the cores: trust the critical paths over the wall times)`);
  console.log(`peak RSS (main thread's process, workers included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}
