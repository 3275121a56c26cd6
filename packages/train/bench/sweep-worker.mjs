// Runs configs sent by bench/sweep.mjs on data shared through SharedArrayBuffers, on the
// backend and with the threads the pool gives this worker.
import { parentPort, workerData } from 'node:worker_threads';
import { splitFromShared } from '@descent/datasets';
import { runExperiment } from '../dist/index.js';

const data = { train: splitFromShared(workerData.train), test: splitFromShared(workerData.test) };
parentPort.on('message', async (config) => {
  if (config === null) return process.exit(0);
  const result = await runExperiment({ config, data, backend: workerData.backend, backendOptions: { threads: workerData.threads } });
  parentPort.postMessage({ lr: config.optimizerOptions.lr, status: result.status, epochs: result.epochs, diverged: result.diverged, reason: result.backendInfo.reason });
});
