import { gemmBlocked } from './gemmBlocked';
import type { GemmExports } from './gemmBlocked';

/**
 * Worker threads for the matrix product, on a shared WebAssembly memory. The protocol lives
 * in a control block of int32s in that memory, so a product costs no message passing:
 *   [0] generation (the main thread bumps it to start a product), [1] parts done,
 *   [2] stop flag, [3] the next part to claim, [4] parts in this product, and from [16] one
 *   slot of 16 per part: m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, alpha (float32 bits),
 *   beta (float32 bits).
 * Every thread, the calling one included, claims parts (`Atomics.add` on [3]) until none is
 * left: a worker that is asleep or descheduled when a product starts (a busy machine) leaves
 * its part to the calling thread instead of making it wait.
 * A waiting thread spins for up to {@link SPIN_MS} and then sleeps in `Atomics.wait`.
 */
export const SLOT_INTS = 16;
export const SLOT_BASE = 16;

/**
 * Milliseconds a waiting thread spins before it sleeps. Within a training step the next
 * product comes after the layer kernels and the small products (well under 0.1 ms), so the
 * worker is awake for it (waking a sleeping thread costs tens of microseconds, far more on a
 * busy machine); between steps (the optimizer, the next batch) it sleeps. A longer spin
 * measured worse on a loaded 2-core machine: the spinning thread takes CPU time the
 * calling thread needs.
 */
export const SPIN_MS = 0.1;

/**
 * Claims and runs parts of the current product until none is left, counting each one done.
 * Runs on every thread (workers from its source text): must reference nothing outside its body.
 */
export function runParts(run: typeof gemmBlocked, e: GemmExports, ctrl: Int32Array, floats: Float32Array, scratch: number): void {
  const parts = Atomics.load(ctrl, 4);
  for (let part = Atomics.add(ctrl, 3, 1); part < parts; part = Atomics.add(ctrl, 3, 1)) {
    const j = 16 + 16 * part;
    if (ctrl[j]! > 0 && ctrl[j + 1]! > 0) {
      run(e, ctrl[j]!, ctrl[j + 1]!, ctrl[j + 2]!, ctrl[j + 3]!, ctrl[j + 4]!, ctrl[j + 5]!, ctrl[j + 6]!, ctrl[j + 7]!, ctrl[j + 8]!, ctrl[j + 9]!, ctrl[j + 10]!, floats[j + 11]!, floats[j + 12]!, scratch);
    }
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}

/** Runs in each worker, from its source text: must reference nothing outside its body. */
type Require = (id: string) => { parentPort: { once(type: string, f: (data: unknown) => void): void; postMessage(data: unknown): void } };
function workerMain(run: typeof gemmBlocked, claim: typeof runParts, require: Require | null): void {
  const g = globalThis as unknown as { postMessage(data: unknown): void; onmessage: ((event: { data: unknown }) => void) | null };
  const node = require === null ? null : require('node:worker_threads').parentPort;
  const post = (data: unknown): void => (node === null ? g.postMessage(data) : node.postMessage(data));
  const start = (init: { module: WebAssembly.Module; memory: WebAssembly.Memory; control: number; ints: number; scratch: number; spinMs: number }): void => {
    const e = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as unknown as Parameters<typeof run>[0];
    const ctrl = new Int32Array(init.memory.buffer, init.control, init.ints);
    const floats = new Float32Array(init.memory.buffer, init.control, init.ints);
    let seen = Atomics.load(ctrl, 0);
    post('ready');
    const clock = globalThis.performance;
    for (;;) {
      // Spin for up to spinMs (the clock read every 256 turns), then sleep.
      const since = clock.now();
      for (let spins = 1; Atomics.load(ctrl, 0) === seen; spins++) {
        if ((spins & 255) === 0 && clock.now() - since > init.spinMs) Atomics.wait(ctrl, 0, seen);
      }
      seen = Atomics.load(ctrl, 0);
      if (Atomics.load(ctrl, 2) !== 0) return;
      claim(run, e, ctrl, floats, init.scratch);
    }
  };
  if (node === null) g.onmessage = (event) => start(event.data as Parameters<typeof start>[0]);
  else node.once('message', (data) => start(data as Parameters<typeof start>[0]));
}

/** The worker's whole program: the blocked product and the loop above. */
export function workerSource(): string {
  return `"use strict";\nconst gemmBlocked = ${gemmBlocked.toString()};\nconst runParts = ${runParts.toString()};\n(${workerMain.toString()})(gemmBlocked, runParts, typeof require === 'function' ? require : null);\n`;
}

/** A started worker: how to end it. */
export interface GemmWorker {
  terminate(): void;
}

// A specifier in a variable, so that browser bundlers do not try to resolve it.
const WORKER_THREADS = 'node:worker_threads';

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

/** Starts one worker and resolves once it has instantiated the module and is waiting for work. */
export async function startWorker(init: { module: WebAssembly.Module; memory: WebAssembly.Memory; control: number; ints: number; scratch: number; spinMs: number }): Promise<GemmWorker> {
  const source = workerSource();
  if (isNode()) {
    const { Worker } = (await import(/* @vite-ignore */ WORKER_THREADS)) as typeof import('node:worker_threads');
    const worker = new Worker(source, { eval: true });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.postMessage(init);
    });
    // A waiting worker must not keep the process alive.
    worker.unref();
    return { terminate: () => void worker.terminate() };
  }
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(init);
  });
  return { terminate: () => worker.terminate() };
}

/** True where this thread may block in `Atomics.wait` (Node, workers; not a browser's main thread). */
export function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export type { GemmExports };
