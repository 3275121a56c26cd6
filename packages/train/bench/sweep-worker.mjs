// Runs configs sent by bench/sweep.mjs on data shared through SharedArrayBuffers, on the
// backend and with the threads the pool gives this worker. `null` ends it: it answers with
// the CPU seconds its thread was given (Linux; NaN elsewhere).
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { splitFromShared } from '@descent/datasets';
import { runExperiment } from '../dist/index.js';

/** CPU seconds this thread has run, from the kernel's scheduler statistics (Linux), else NaN. */
function threadCpuSeconds() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return Number.NaN;
  }
}

const data = { train: splitFromShared(workerData.train), test: splitFromShared(workerData.test) };
parentPort.on('message', async (config) => {
  if (config === null) return parentPort.postMessage(threadCpuSeconds());
  const start = performance.now();
  const result = await runExperiment({ config, data, backend: workerData.backend, backendOptions: { threads: workerData.threads } });
  parentPort.postMessage({ lr: config.optimizerOptions.lr, status: result.status, epochs: result.epochs, diverged: result.diverged, reason: result.backendInfo.reason, seconds: (performance.now() - start) / 1000 });
});
