import { DescentError, gemmFeatures } from '@descent/core';

/** What {@link initDescent} found: the descent backend (no TensorFlow.js) and how it will run. */
export interface DescentBackendInfo {
  backend: 'descent';
  /** One sentence a CLI can print, e.g. `requested (WebAssembly SIMD, fused multiply-add, 2 threads)`. */
  reason: string;
  /** Whether the products use relaxed SIMD's fused multiply-add. */
  fma: boolean;
  /** Threads a product runs on: the caller plus `threads - 1` workers. */
  threads: number;
}

/** Cores of this machine (browser: `navigator.hardwareConcurrency`), at least 1. */
async function cores(): Promise<number> {
  const navigatorCores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (typeof process?.versions?.node === 'string') {
    const os = (await import(/* @vite-ignore */ 'node:' + 'os')) as typeof import('node:os');
    return Math.max(1, os.availableParallelism());
  }
  return Math.max(1, navigatorCores ?? 1);
}

/**
 * Checks that the `descent` backend (the MLP of {@link createDescentMlp} on core's cpu
 * backend: WebAssembly SIMD kernels, no TensorFlow.js) can run here, and decides on how many
 * threads: `threads` when given, else every core (at most 4; 1 where shared memory is
 * missing, e.g. a page that is not cross-origin isolated). A sweep that runs several
 * trainings at once passes each its share of the cores.
 *
 * @example
 * const info = await initDescent();
 * const model = createDescentMlp({ sizes: [784, 200, 10], seed: 0, maxThreads: info.threads - 1 });
 * await model.startThreads(info.threads - 1);
 * @throws DescentError `MISSING_DEPENDENCY` without WebAssembly SIMD, `INVALID_ARGUMENT` for a bad `threads`
 */
export async function initDescent(options: { threads?: number } = {}): Promise<DescentBackendInfo> {
  const features = gemmFeatures();
  if (!features.simd) throw new DescentError('MISSING_DEPENDENCY', "initDescent: cannot use backend 'descent': this JavaScript engine has no WebAssembly SIMD");
  const asked = options.threads;
  if (asked !== undefined && (!Number.isInteger(asked) || asked < 1)) {
    throw new DescentError('INVALID_ARGUMENT', `initDescent: threads must be a positive integer, got ${String(asked)}`);
  }
  const available = features.sharedMemory ? Math.min(4, await cores()) : 1;
  const threads = asked === undefined ? available : features.sharedMemory ? asked : 1;
  const notes = [
    'WebAssembly SIMD',
    features.relaxedSimd ? 'fused multiply-add' : 'no relaxed SIMD (Node 20: --experimental-wasm-relaxed-simd)',
    `${threads} thread${threads === 1 ? '' : 's'}${features.sharedMemory ? '' : ' (no shared memory)'}`,
  ];
  return { backend: 'descent', reason: `requested (${notes.join(', ')})`, fma: features.relaxedSimd, threads };
}
