import { DescentError, describeValue, gemmFeatures, rethrowIn } from '@descent/core';
import type { BackendInfo } from '../types';
import { backendChoices } from './backendChoices';
import type { BackendChoice } from './backendChoices';
import { setEngine } from './engine';
import { initDescent } from './initDescent';
import { loadTfjs } from './loadTfjs';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Where the wasm backend finds its `.wasm` files (tfjs-backend-wasm's `setWasmPaths`): a URL
   * prefix or a file map. Default: next to the module, which is right in Node; a browser
   * page that bundles tfjs usually needs to serve the files and say where.
   */
  wasmPaths?: string | Record<string, string>;
  /**
   * Threads of the `descent` engine's products (the caller plus workers). Default: every
   * core, at most 4 (1 without shared memory). A sweep running several trainings at once
   * gives each its share.
   */
  threads?: number;
}

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

// A specifier in a variable, so that bundlers (the playground) do not try to resolve the optional peer.
const TFJS_NODE = '@tensorflow/tfjs-node';

async function tryTensorflow(): Promise<string | null> {
  const { tf } = await loadTfjs();
  try {
    await import(/* @vite-ignore */ TFJS_NODE);
  } catch (error) {
    return `@tensorflow/tfjs-node is not installed (${(error as Error).message.split('\n')[0]})`;
  }
  return (await tf.setBackend('tensorflow')) ? null : '@tensorflow/tfjs-node is installed but failed to initialise';
}

let wasmPathsSet = false;

async function tryWasm(options: InitBackendOptions): Promise<string | null> {
  const { tf } = await loadTfjs();
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (options.wasmPaths !== undefined && !wasmPathsSet) {
      wasm.setWasmPaths(options.wasmPaths as string);
      wasmPathsSet = true;
    }
  } catch (error) {
    return `@tensorflow/tfjs-backend-wasm could not be loaded (${(error as Error).message.split('\n')[0]})`;
  }
  try {
    return (await tf.setBackend('wasm')) ? null : 'the wasm backend failed to initialise';
  } catch (error) {
    return `the wasm backend failed to initialise (${(error as Error).message.split('\n')[0]})`;
  }
}

async function tryWebgl(): Promise<string | null> {
  const { tf } = await loadTfjs();
  try {
    await import('@tensorflow/tfjs-backend-webgl');
    return (await tf.setBackend('webgl')) ? null : 'WebGL is not available here';
  } catch (error) {
    return `the webgl backend failed to initialise (${(error as Error).message.split('\n')[0]})`;
  }
}

async function useCpu(): Promise<void> {
  const { tf } = await loadTfjs();
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  // The cpu backend greets Node users with a banner recommending tfjs-node on its first
  // upload; initBackend's reason already says why cpu was chosen.
  const backend = tf.backend() as { firstUse?: boolean };
  if (typeof backend.firstUse === 'boolean') backend.firstUse = false;
}

async function simdNote(): Promise<string> {
  const { tf } = await loadTfjs();
  try {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return `${simd === true ? 'SIMD' : 'no SIMD'}, ${threads === true ? 'multithreaded' : 'single thread'}`;
  } catch {
    return 'SIMD unknown';
  }
}

/**
 * Selects and initialises the engine the built-in MLP trains on (for this thread), and says
 * which and why. The choices are {@link backendChoices} (`@descent/train/backends`).
 *
 * - `descent`: descent's own engine, no TensorFlow.js (not even loaded): the MLP of
 *   {@link createDescentMlp} with its WebAssembly SIMD products on `threads` threads and the
 *   optimizer's SIMD kernels in place. Models of your own (`tf.LayersModel`, variables) still
 *   need a tfjs backend.
 * - `auto` in Node: `tensorflow` (the native `@tensorflow/tfjs-node`, an optional peer loaded
 *   by dynamic import, never required) when installed; else `descent` (measured faster than
 *   tfjs-wasm for the MLP: `pnpm bench`), with tfjs on `wasm` for models of your own; else
 *   (no WebAssembly SIMD) `wasm`, else `cpu`.
 * - `auto` in a browser: `webgl`, else `wasm`, else `cpu`.
 * - Any other choice forces that tfjs backend and throws if it cannot start.
 *
 * TensorFlow.js is loaded (dynamic import, once) by the first choice that needs it; until
 * then the synchronous functions on tfjs (`createMlp`, the losses, `modelFromLayers`, ...) throw `INVALID_STATE`.
 *
 * Options (defaults): `wasmPaths` (tfjs' own lookup, right in Node), `threads` (descent: every core, at most 4).
 *
 * @example
 * const { backend, reason } = await initBackend('auto');
 * console.log(`backend: ${backend} (${reason})`); // backend: descent (auto: @tensorflow/tfjs-node is not installed; ...)
 * @throws DescentError `INVALID_ARGUMENT` for an unknown choice or bad `threads`, `MISSING_DEPENDENCY` when the forced backend cannot start
 */
export async function initBackend(choice: BackendChoice = 'auto', options: InitBackendOptions = {}): Promise<BackendInfo> {
  if (!backendChoices.includes(choice)) {
    throw new DescentError('INVALID_ARGUMENT', `initBackend: backend must be one of ${backendChoices.join(', ')}, got ${describeValue(choice)}`, {
      details: { field: 'backend', expected: [...backendChoices], actual: choice },
    });
  }
  if (choice === 'descent') {
    const info = await startDescent(options, 'initBackend');
    return { backend: 'descent', reason: info.reason };
  }
  const info = await initTfjs(choice, options);
  if (choice === 'auto' && info.backend === 'wasm' && isNode() && gemmFeatures().simd) {
    // descent's engine beats tfjs-wasm on the built-in MLP; tfjs stays on wasm for models of your own.
    const descent = await startDescent(options, 'initBackend');
    return { backend: 'descent', reason: `${info.reason.replace(/; using wasm .*$/, '')}; using descent (${descent.reason.replace(/^requested \(|\)$/g, '')}; tfjs models on wasm)` };
  }
  setEngine({ name: 'tfjs' });
  return info;
}

async function startDescent(options: InitBackendOptions, op: string): Promise<{ reason: string }> {
  let info;
  try {
    info = await initDescent(options.threads === undefined ? {} : { threads: options.threads });
  } catch (error) {
    throw rethrowIn(op, error, 'MISSING_DEPENDENCY');
  }
  setEngine({ name: 'descent', threads: info.threads, fma: info.fma });
  return info;
}

async function initTfjs(choice: Exclude<BackendChoice, 'descent'>, options: InitBackendOptions): Promise<BackendInfo> {
  // TensorFlow.js is loaded here, on the first tfjs choice: the 'descent' engine never loads it.
  const { tf } = await loadTfjs();
  const forced = async (attempt: () => Promise<string | null>): Promise<BackendInfo> => {
    const failure = await attempt();
    if (failure !== null) throw new DescentError('MISSING_DEPENDENCY', `initBackend: cannot use backend '${choice}': ${failure}`);
    const note = choice === 'wasm' ? ` (${await simdNote()})` : '';
    return { backend: tf.getBackend(), reason: `requested${note}` };
  };
  switch (choice) {
    case 'tensorflow':
      return forced(tryTensorflow);
    case 'wasm':
      return forced(() => tryWasm(options));
    case 'webgl':
      return forced(tryWebgl);
    case 'cpu':
      await useCpu();
      return { backend: tf.getBackend(), reason: 'requested' };
    default:
      break;
  }
  const failures: string[] = [];
  if (isNode()) {
    const native = await tryTensorflow();
    if (native === null) return { backend: tf.getBackend(), reason: 'auto: @tensorflow/tfjs-node is installed (native TensorFlow)' };
    failures.push(native);
  } else {
    const webgl = await tryWebgl();
    if (webgl === null) return { backend: tf.getBackend(), reason: 'auto: WebGL is available' };
    failures.push(webgl);
  }
  const wasm = await tryWasm(options);
  if (wasm === null) return { backend: tf.getBackend(), reason: `auto: ${failures.join('; ')}; using wasm (${await simdNote()})` };
  failures.push(wasm);
  await useCpu();
  return { backend: tf.getBackend(), reason: `auto: ${failures.join('; ')}; using the plain JavaScript cpu backend` };
}
