import { initBackend } from '../backend/initBackend';
import type { InitBackendOptions } from '../backend/initBackend';
import type { BackendChoice, BackendInfo, Checkpoint, TrainConfig, TrainData, TrainHooks, TrainResult } from '../types';
import { train } from './train';

/** Input of {@link runExperiment}. */
export interface ExperimentInput {
  config: TrainConfig;
  /** Already-loaded data; typed arrays on a `SharedArrayBuffer` are used in place (nothing is copied). */
  data: TrainData;
  /** Default `'auto'`. */
  backend?: BackendChoice;
  /** Passed to {@link initBackend}. */
  backendOptions?: InitBackendOptions;
  /** Callbacks and controls; `resume` continues from a checkpoint. */
  hooks?: TrainHooks & { resume?: Checkpoint };
}

/** What {@link runExperiment} resolves with: the run's result and how the backend was chosen. */
export interface ExperimentResult extends TrainResult {
  backendInfo: BackendInfo;
}

/**
 * One configuration end to end, for sweep runners: initialises the backend in this thread,
 * trains, frees the device memory. Made to run inside a `worker_thread` (or a Web Worker)
 * that received the dataset on shared memory, e.g. through `@descent/datasets`'
 * `splitFromShared`: the arrays are read in place. A diverged run resolves with status
 * `diverged` (it does not throw), so a sweep goes on.
 *
 * @example
 * // worker.mjs
 * import { parentPort, workerData } from 'node:worker_threads';
 * import { splitFromShared } from '@descent/datasets';
 * import { runExperiment } from '@descent/train';
 * const data = { train: splitFromShared(workerData.train), test: splitFromShared(workerData.test) };
 * const result = await runExperiment({ config: workerData.config, data, backend: 'wasm' });
 * parentPort.postMessage({ status: result.status, epochs: result.epochs });
 */
export async function runExperiment(input: ExperimentInput): Promise<ExperimentResult> {
  const backendInfo = await initBackend(input.backend ?? 'auto', input.backendOptions);
  const result = await train(input.config, input.data, input.hooks ?? {});
  return { ...result, backendInfo };
}
