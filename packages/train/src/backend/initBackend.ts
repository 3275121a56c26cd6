import * as tf from '@tensorflow/tfjs-core';
import { DescentError, describeValue } from '@descent/core';
import type { BackendChoice, BackendInfo } from '../types';

/** The values {@link initBackend} accepts. */
export const backendChoices: readonly BackendChoice[] = Object.freeze(['auto', 'tensorflow', 'wasm', 'cpu', 'webgl']);

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Where the wasm backend finds its `.wasm` files (tfjs-backend-wasm's `setWasmPaths`): a URL
   * prefix or a file map. Default: next to the module, which is right in Node; a browser
   * page that bundles tfjs usually needs to serve the files and say where.
   */
  wasmPaths?: string | Record<string, string>;
}

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

// A specifier in a variable, so that bundlers (the playground) do not try to resolve the optional peer.
const TFJS_NODE = '@tensorflow/tfjs-node';

async function tryTensorflow(): Promise<string | null> {
  try {
    await import(/* @vite-ignore */ TFJS_NODE);
  } catch (error) {
    return `@tensorflow/tfjs-node is not installed (${(error as Error).message.split('\n')[0]})`;
  }
  return (await tf.setBackend('tensorflow')) ? null : '@tensorflow/tfjs-node is installed but failed to initialise';
}

let wasmPathsSet = false;

async function tryWasm(options: InitBackendOptions): Promise<string | null> {
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
  try {
    await import('@tensorflow/tfjs-backend-webgl');
    return (await tf.setBackend('webgl')) ? null : 'WebGL is not available here';
  } catch (error) {
    return `the webgl backend failed to initialise (${(error as Error).message.split('\n')[0]})`;
  }
}

async function useCpu(): Promise<void> {
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  // The cpu backend greets Node users with a banner recommending tfjs-node on its first
  // upload; initBackend's reason already says why cpu was chosen.
  const backend = tf.backend() as { firstUse?: boolean };
  if (typeof backend.firstUse === 'boolean') backend.firstUse = false;
}

async function simdNote(): Promise<string> {
  try {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return `${simd === true ? 'SIMD' : 'no SIMD'}, ${threads === true ? 'multithreaded' : 'single thread'}`;
  } catch {
    return 'SIMD unknown';
  }
}

/**
 * Selects and initialises the TensorFlow.js backend, and says which and why.
 *
 * - `auto` in Node: `tensorflow` (the native `@tensorflow/tfjs-node`, an optional peer loaded
 *   by dynamic import, never required) when installed, else `wasm`
 *   (`@tensorflow/tfjs-backend-wasm`, SIMD where supported), else `cpu`.
 * - `auto` in a browser: `webgl`, else `wasm`, else `cpu`.
 * - Any other choice forces that backend and throws if it cannot start.
 *
 * Options (defaults): `wasmPaths` (tfjs' own lookup, right in Node).
 *
 * @example
 * const { backend, reason } = await initBackend('auto');
 * console.log(`backend: ${backend} (${reason})`); // backend: wasm (auto: @tensorflow/tfjs-node is not installed; ...)
 * @throws DescentError `INVALID_ARGUMENT` for an unknown choice, `MISSING_DEPENDENCY` when the forced backend cannot start
 */
export async function initBackend(choice: BackendChoice = 'auto', options: InitBackendOptions = {}): Promise<BackendInfo> {
  if (!backendChoices.includes(choice)) {
    throw new DescentError('INVALID_ARGUMENT', `initBackend: backend must be one of ${backendChoices.join(', ')}, got ${describeValue(choice)}`, {
      details: { field: 'backend', expected: backendChoices, actual: choice },
    });
  }
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
