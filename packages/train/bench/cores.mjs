// How much two worker threads gain over one on this machine, for four kinds of work of
// increasing realism, each timed alone in one worker and then in two workers started at the
// same instant (a barrier on shared memory), in one run:
//   - wasm-latency: a WebAssembly SIMD loop on registers only, 8 independent f32x4 mul+add
//     chains: bound by the latency of each chain, it leaves the core's floating-point
//     pipes half idle (pure compute, no memory traffic);
//   - wasm-ports: the same with 12 chains, enough to keep the multiply and add pipes busy,
//     as a matrix-product kernel does: where two vCPUs are two hyperthreads of one core,
//     this is the figure that drops towards 1x;
//   - js: a scalar JavaScript loop of float multiply-adds;
//   - gemm: core's matrix product 64x784x200 (the MLP's first layer) on one thread, its
//     operands in the worker's own arena (1 MiB, in cache);
//   - step: one training step of the 784-200-10 MLP (descent backend, one thread, SGD) on
//     random batches of 64.
// The speed-up of two workers is 2 x (time alone) / (the slower worker's time with both
// running): 2.00 means the two cores are truly independent. Beside it, the CPU time each
// worker's thread was given (Linux: /proc/thread-self/schedstat) for the same work, alone and
// two at once: a ratio above 1 means the work itself ran slower beside the other worker
// (shared core, cache or memory bandwidth), not that it waited for a core. Best of REPEATS (default 5) for
// each, alternating alone and together, so that a disturbance from other processes hits
// both alike. A figure well under 2 for wasm-ports (with wasm-latency near 2) means the
// two vCPUs share one core's pipes (hyperthreads): no pool of workers can do better on
// compute-bound kernels than that figure.
//   node bench/cores.mjs           (build first: pnpm build)
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const REPEATS = Number(process.env.REPEATS ?? 5);
// Work per timing, sized to take about 0.3-0.5 s alone.
const WORK = { 'wasm-latency': 4e7, 'wasm-ports': 3e7, js: 1.5e8, gemm: 300, step: 200 };

// spin(n): n iterations of 8 (12) independent `acc = acc * m + k` on f32x4 (each assembled
// from a 20-line WAT module).
const SPIN = {
  'wasm-latency':
    'AGFzbQEAAAABBgFgAX8BfQMCAQAHCAEEc3BpbgAACr4BAbsBAQp7Q3e+fz/9EyEJQ28Sgzr9EyEKA0AgASAJ/eYBIAr95AEhASACIAn95gEgCv3kASECIAMgCf3mASAK/eQBIQMgBCAJ/eYBIAr95AEhBCAFIAn95gEgCv3kASEFIAYgCf3mASAK/eQBIQYgByAJ/eYBIAr95AEhByAIIAn95gEgCv3kASEIIABBAWsiAA0ACyABIAL95AEgByAI/eQB/eQB/R8AIAMgBP3kASAFIAb95AH95AH9HwCSCw==',
  'wasm-ports':
    'AGFzbQEAAAABBgFgAX8BfQMCAQAHCAEEc3BpbgAACokCAYYCAQ57Q3e+fz/9EyENQ28Sgzr9EyEOA0AgASAN/eYBIA795AEhASACIA395gEgDv3kASECIAMgDf3mASAO/eQBIQMgBCAN/eYBIA795AEhBCAFIA395gEgDv3kASEFIAYgDf3mASAO/eQBIQYgByAN/eYBIA795AEhByAIIA395gEgDv3kASEIIAkgDf3mASAO/eQBIQkgCiAN/eYBIA795AEhCiALIA395gEgDv3kASELIAwgDf3mASAO/eQBIQwgAEEBayIADQALIAEgAv3kASAD/eQBIAT95AEgBf3kASAG/eQBIAf95AEgCP3kASAJ/eQBIAr95AEgC/3kASAM/eQB/R8ACw==',
};

/** Nanoseconds this thread has run on a CPU (Linux), else NaN. */
function threadCpuNs() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

async function prepare(kind) {
  if (kind in SPIN) {
    const { instance } = await WebAssembly.instantiate(Buffer.from(SPIN[kind], 'base64'));
    return (n) => instance.exports.spin(n);
  }
  if (kind === 'js') {
    return (n) => {
      let a = 0.5;
      let b = 0.25;
      for (let i = 0; i < n; i++) {
        a = a * 0.999 + 0.001;
        b = b * 0.999 + 0.002;
      }
      return a + b;
    };
  }
  const { Rng, cpu, createComputeArena } = await import('@descent/core');
  const rng = new Rng(1);
  if (kind === 'gemm') {
    const arena = createComputeArena({ bytes: 1 << 20 });
    const x = arena.fromArray(rng.fillUniform(new Float32Array(64 * 784), -1, 1), [64, 784]);
    const w = arena.fromArray(rng.fillUniform(new Float32Array(784 * 200), -1, 1), [784, 200]);
    const h = arena.zeros([64, 200]);
    return (n) => {
      for (let i = 0; i < n; i++) cpu.matmul(h, x, w);
    };
  }
  const { createOptimizer } = await import('@descent/optimizers');
  const { createDescentMlp } = await import('../dist/index.js');
  const model = createDescentMlp({ sizes: [784, 200, 10], seed: 0 });
  const optimizer = createOptimizer('sgd', model.params, { lr: 0.01 });
  const images = rng.fillUniform(new Float32Array(64 * 784), 0, 1);
  const labels = Array.from({ length: 64 }, (_, i) => i % 10);
  return (n) => {
    for (let i = 0; i < n; i++) {
      const { grads } = model.lossAndGradients({ images, labels, size: 64 });
      optimizer.step(grads);
      for (const g of Object.values(grads)) cpu.dispose(g);
    }
  };
}

if (!isMainThread) {
  const { kind, barrier } = workerData;
  const work = await prepare(kind);
  work(Math.ceil(WORK[kind] / 20)); // warm up (tier-up, caches)
  const gate = new Int32Array(barrier);
  parentPort.on('message', (round) => {
    // Wait for the main thread to open the gate of this round, so that the workers start together.
    Atomics.add(gate, 1, 1);
    Atomics.notify(gate, 1);
    Atomics.wait(gate, 0, round - 1);
    const start = performance.now();
    const cpuStart = threadCpuNs();
    work(WORK[kind]);
    parentPort.postMessage({ seconds: (performance.now() - start) / 1000, cpu: (threadCpuNs() - cpuStart) / 1e9 });
  });
  parentPort.postMessage('ready');
} else {
  const started = loadavg();
  console.log(`two workers against one, best of ${REPEATS}; load average at start ${started.map((l) => l.toFixed(1)).join(' ')}`);
  for (const kind of Object.keys(WORK)) {
    const barrier = new SharedArrayBuffer(8);
    const gate = new Int32Array(barrier);
    const workers = [0, 1].map(() => new Worker(new URL(import.meta.url), { workerData: { kind, barrier } }));
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
    let round = 0;
    const time = async (pool) => {
      round++;
      Atomics.store(gate, 1, 0);
      const done = pool.map((w) => new Promise((resolve) => w.once('message', resolve)));
      for (const w of pool) w.postMessage(round);
      while (Atomics.load(gate, 1) < pool.length) await new Promise((resolve) => setTimeout(resolve, 1));
      Atomics.store(gate, 0, round);
      Atomics.notify(gate, 0);
      const times = await Promise.all(done);
      return { seconds: Math.max(...times.map((t) => t.seconds)), cpu: Math.max(...times.map((t) => t.cpu)) };
    };
    const alone = { seconds: Infinity, cpu: Infinity };
    const both = { seconds: Infinity, cpu: Infinity };
    const keepBest = (best, t) => Object.assign(best, { seconds: Math.min(best.seconds, t.seconds), cpu: Math.min(best.cpu, t.cpu) });
    for (let r = 0; r < REPEATS; r++) {
      keepBest(alone, await time([workers[0]]));
      keepBest(both, await time(workers));
    }
    await Promise.all(workers.map((w) => w.terminate()));
    const cpu = Number.isNaN(alone.cpu) ? '' : `; CPU time per worker ${alone.cpu.toFixed(3)} s alone, ${both.cpu.toFixed(3)} s two at once (x${(both.cpu / alone.cpu).toFixed(2)})`;
    console.log(`${kind.padEnd(12)} alone ${alone.seconds.toFixed(3)} s, two at once ${both.seconds.toFixed(3)} s each -> two workers give ${((2 * alone.seconds) / both.seconds).toFixed(2)}x${cpu}`);
  }
  console.log(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (above 2 on 2 cores, other processes took part of them)`);
}
