import { cpu } from '../cpu';
import type { CpuTensor } from '../cpu';
import { shapeSize } from '../check';
import { DescentError } from '../errors';
import type { Shape } from '../tensor';
import { SCRATCH_BYTES, gemmBlocked } from './gemmBlocked';
import type { GemmExports } from './gemmBlocked';
import { gemmFeatures, gemmModule } from './features';
import { SLOT_BASE, SLOT_INTS, SPIN_MS, canBlock, runParts, startWorker } from './threads';
import type { GemmWorker } from './threads';

/** Options of {@link createComputeArena}. */
export interface ComputeArenaOptions {
  /** Bytes for tensors (the arena also reserves the kernels' scratch). Required. */
  bytes: number;
  /**
   * Most worker threads {@link ComputeArena.startThreads} may start (each gets its own packing
   * scratch, about 400 KiB). Default 0. Threads need shared memory (`sharedMemory` of
   * {@link gemmFeatures}).
   */
  maxThreads?: number;
  /** Use relaxed SIMD's fused multiply-add where the engine has it. Default true. */
  fma?: boolean;
  /**
   * Let {@link ComputeArena.dispose} hand the memory (and its kernels' instance) to the next
   * arena created with the same size and kind, which starts zeroed: no new memory, and code
   * already optimised for this arena's kernels stays valid for the next (a worker training one
   * run after another). The disposed arena's tensors then alias the new arena's, so only an
   * owner that reads nothing of it after `dispose()` should set this. An arena that ran
   * worker threads is never handed on. Default false.
   */
  recycle?: boolean;
}

/** The threads' control block: counters, then one slot of 16 ints per part (65 parts at most). */
const CONTROL_BYTES = 4 * (SLOT_BASE + SLOT_INTS * 65);
/** Below this many multiply-adds a product runs on the calling thread alone. */
const THREAD_MIN_WORK = 1 << 17;

const arenas = new WeakMap<ArrayBufferLike, ComputeArena>();
/** Memories of disposed `recycle` arenas, one per size and kind, for the next such arena. */
const spare = new Map<string, { memory: WebAssembly.Memory; kernels: GemmExports }>();

/**
 * A fixed block of WebAssembly memory holding cpu tensors, with the WebAssembly SIMD matrix
 * product working on them in place (`cpu.matmul` on three tensors of one arena never copies)
 * and, after {@link startThreads}, split across worker threads sharing the memory. Put a
 * model's parameters, gradients and activations here; the tensors are ordinary cpu tensors.
 * The memory never grows (that would detach every view) and is not reclaimed: size it for
 * what lives in it.
 *
 * Options (defaults): `bytes` (required), `maxThreads` (0), `fma` (true: relaxed SIMD where available),
 * `recycle` (false).
 *
 * @example
 * import { cpu, createComputeArena } from '@descent/core';
 * const arena = createComputeArena({ bytes: 16 << 20, maxThreads: 1 });
 * await arena.startThreads(1);
 * const x = arena.zeros([64, 784]);
 * const w = arena.zeros([784, 200]);
 * const h = arena.zeros([64, 200]);
 * cpu.matmul(h, x, w); // on two threads
 * arena.dispose();
 * @throws DescentError `INVALID_ARGUMENT` for bad options, `UNSUPPORTED` where WebAssembly SIMD (or shared memory, for threads) is missing
 */
export class ComputeArena {
  /** The WebAssembly memory (shared when the arena can have threads). */
  readonly memory: WebAssembly.Memory;
  /** Whether the kernels use relaxed SIMD's fused multiply-add. */
  readonly fma: boolean;
  /** Most worker threads this arena can run. */
  readonly maxThreads: number;
  /** The module's exports on this arena's memory (the layer kernels call them). @internal */
  readonly kernels: GemmExports;
  private readonly module: WebAssembly.Module;
  private readonly control: Int32Array;
  private readonly controlFloats: Float32Array;
  private readonly scratchStart: number;
  private next: number;
  private readonly first: number;
  private workers: GemmWorker[] = [];
  private readonly blocking: boolean;
  private disposed = false;
  /** Where dispose() leaves the memory for the next arena of this size and kind; undefined without `recycle`. */
  private readonly spareKey: string | undefined;
  private threaded = false;

  constructor(options: ComputeArenaOptions) {
    const bytes = options?.bytes;
    const maxThreads = options.maxThreads ?? 0;
    if (!Number.isInteger(bytes) || bytes <= 0) throw new DescentError('INVALID_ARGUMENT', `createComputeArena: bytes must be a positive integer, got ${String(bytes)}`);
    if (!Number.isInteger(maxThreads) || maxThreads < 0 || maxThreads > 64) {
      throw new DescentError('INVALID_ARGUMENT', `createComputeArena: maxThreads must be an integer in [0, 64], got ${String(maxThreads)}`);
    }
    const features = gemmFeatures();
    if (!features.simd) throw new DescentError('UNSUPPORTED', 'createComputeArena: this JavaScript engine has no WebAssembly SIMD');
    if (maxThreads > 0 && !features.sharedMemory) {
      throw new DescentError('UNSUPPORTED', 'createComputeArena: threads need shared WebAssembly memory (SharedArrayBuffer; in a browser, a cross-origin isolated page)');
    }
    const shared = maxThreads > 0;
    this.fma = options.fma !== false && features.relaxedSimd;
    this.maxThreads = maxThreads;
    this.module = gemmModule(`${this.fma ? 'fma' : 'plain'}${shared ? 'Shared' : 'Unshared'}`)!;
    this.scratchStart = CONTROL_BYTES;
    this.next = CONTROL_BYTES + (maxThreads + 1) * SCRATCH_BYTES;
    this.first = this.next;
    const pages = Math.ceil((this.next + bytes) / 65536);
    this.spareKey = options.recycle === true ? `${this.fma ? 'fma' : 'plain'}:${maxThreads}:${pages}` : undefined;
    const reused = this.spareKey === undefined ? undefined : spare.get(this.spareKey);
    if (reused !== undefined) {
      spare.delete(this.spareKey!);
      this.memory = reused.memory;
      this.kernels = reused.kernels;
      new Uint8Array(this.memory.buffer).fill(0);
    } else {
      this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, ...(shared ? { shared: true } : {}) });
      this.kernels = new WebAssembly.Instance(this.module, { env: { memory: this.memory } }).exports as unknown as GemmExports;
    }
    this.control = new Int32Array(this.memory.buffer, 0, CONTROL_BYTES / 4);
    this.controlFloats = new Float32Array(this.memory.buffer, 0, CONTROL_BYTES / 4);
    this.blocking = shared && canBlock();
    arenas.set(this.memory.buffer, this);
  }

  /** Bytes still free for tensors. */
  get free(): number {
    return this.memory.buffer.byteLength - this.next;
  }

  /** Bytes for tensors in all (free or not). */
  get capacity(): number {
    return this.memory.buffer.byteLength - this.first;
  }

  /**
   * Frees every tensor at once: their views then alias new tensors, so this is only for
   * scratch arenas (staging, benchmarks, tests). @internal
   */
  reset(): void {
    this.next = this.first;
  }

  /** Worker threads running now (the calling thread works too: a product uses `threads + 1`). */
  get threads(): number {
    return this.workers.length;
  }

  /** A new zero tensor in the arena (64-byte aligned). Throws `INVALID_ARGUMENT` when full. */
  zeros(shape: Shape, name?: string): CpuTensor {
    const size = shapeSize('ComputeArena.zeros', shape);
    const bytes = Math.ceil((size * 4) / 64) * 64;
    if (bytes > this.free) {
      throw new DescentError('INVALID_ARGUMENT', `ComputeArena.zeros: the arena has ${this.free} bytes free, ${bytes} are needed for shape [${shape.join(', ')}]`);
    }
    const view = new Float32Array(this.memory.buffer, this.next, size);
    this.next += bytes;
    return cpu.wrap(view, shape, name);
  }

  /** A new tensor in the arena holding a copy of `values`. */
  fromArray(values: ArrayLike<number>, shape: Shape = [values.length], name?: string): CpuTensor {
    const t = this.zeros(shape, name);
    cpu.write(t, values);
    return t;
  }

  /**
   * Starts worker threads (Node `worker_threads`, browser Web Workers) up to `count` in all;
   * resolves when they are ready. A sweep running several trainings at once gives each its
   * share of the cores.
   *
   * @example
   * await arena.startThreads(1); // products now run on two threads
   */
  async startThreads(count: number): Promise<void> {
    if (!Number.isInteger(count) || count < 0 || count > this.maxThreads) {
      throw new DescentError('INVALID_ARGUMENT', `ComputeArena.startThreads: count must be an integer in [0, ${this.maxThreads}] (maxThreads), got ${String(count)}`);
    }
    if (this.disposed) throw new DescentError('DISPOSED', 'ComputeArena.startThreads: the arena was disposed');
    while (this.workers.length < count) {
      this.threaded = true;
      const slot = this.workers.length + 1;
      this.workers.push(
        await startWorker({ module: this.module, memory: this.memory, control: 0, ints: CONTROL_BYTES / 4, scratch: this.scratchStart + slot * SCRATCH_BYTES, spinMs: SPIN_MS }),
      );
    }
  }

  /** True when `data` lives in this arena's memory. */
  holds(data: Float32Array): boolean {
    return data.buffer === this.memory.buffer;
  }

  /**
   * c <- alpha op(a) op(b) + beta c on arrays of this arena (row-major; `a` is `[m, k]` or,
   * transposed, `[k, m]`; `b` is `[k, n]` or `[n, k]`; `c` is `[m, n]`). No checks: `cpu.matmul`
   * checks shapes, then calls this.
   */
  gemm(m: number, n: number, k: number, a: Float32Array, transposeA: boolean, b: Float32Array, transposeB: boolean, c: Float32Array, alpha: number, beta: number): void {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      if (beta === 0) c.fill(0);
      else for (let i = 0; i < m * n; i++) c[i]! *= beta;
      return;
    }
    const rsA = transposeA ? 4 : 4 * k;
    const csA = transposeA ? 4 * m : 4;
    const rsB = transposeB ? 4 : 4 * n;
    const csB = transposeB ? 4 * k : 4;
    const ldc = 4 * n;
    const workers = this.workers.length;
    if (workers === 0 || m * n * k < THREAD_MIN_WORK) {
      gemmBlocked(this.kernels, m, n, k, a.byteOffset, rsA, csA, b.byteOffset, rsB, csB, c.byteOffset, ldc, alpha, beta, this.scratchStart);
      return;
    }
    // Split the dimension whose split duplicates less packing: columns when m < n (each
    // thread packs all of op(A), m k floats), else rows (each packs all of op(B)).
    const parts = workers + 1;
    const byColumns = m < n;
    const unit = byColumns ? 8 : 4;
    const total = byColumns ? n : m;
    const chunk = Math.ceil(total / parts / unit) * unit;
    const ctrl = this.control;
    const floats = this.controlFloats;
    for (let t = 0; t < parts; t++) {
      const start = t * chunk;
      const size = Math.max(0, Math.min(chunk, total - start));
      const j = SLOT_BASE + SLOT_INTS * t;
      ctrl[j] = size === 0 ? 0 : byColumns ? m : size;
      ctrl[j + 1] = byColumns ? size : n;
      ctrl[j + 2] = k;
      ctrl[j + 3] = a.byteOffset + (byColumns ? 0 : start * rsA);
      ctrl[j + 4] = rsA;
      ctrl[j + 5] = csA;
      ctrl[j + 6] = b.byteOffset + (byColumns ? start * csB : 0);
      ctrl[j + 7] = rsB;
      ctrl[j + 8] = csB;
      ctrl[j + 9] = c.byteOffset + (byColumns ? start * 4 : start * ldc);
      ctrl[j + 10] = ldc;
      floats[j + 11] = alpha;
      floats[j + 12] = beta;
    }
    // The slots are written before the counters are reset, and both before the generation
    // moves: a thread that claims a part reads that part's finished slot.
    Atomics.store(ctrl, 4, parts);
    Atomics.store(ctrl, 1, 0);
    Atomics.store(ctrl, 3, 0);
    Atomics.add(ctrl, 0, 1);
    Atomics.notify(ctrl, 0);
    // This thread claims parts too: the first, and any a worker has not started yet.
    runParts(gemmBlocked, this.kernels, ctrl, floats, this.scratchStart);
    // The parts the workers claimed end about when this thread's do: spin (the clock read
    // every 256 turns) for up to SPIN_MS before sleeping.
    const since = performance.now();
    for (let done = Atomics.load(ctrl, 1), spins = 1; done < parts; done = Atomics.load(ctrl, 1), spins++) {
      if ((spins & 255) === 0 && this.blocking && performance.now() - since > SPIN_MS) Atomics.wait(ctrl, 1, done, 1000);
    }
  }

  /**
   * Ends the worker threads. The tensors stay readable (a `recycle` arena's until the next arena
   * of its size takes the memory); products then run on the calling thread. Idempotent.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.workers.length > 0) {
      Atomics.store(this.control, 2, 1);
      Atomics.add(this.control, 0, 1);
      Atomics.notify(this.control, 0);
      for (const w of this.workers) w.terminate();
      this.workers = [];
    }
    if (this.spareKey !== undefined && !this.threaded) spare.set(this.spareKey, { memory: this.memory, kernels: this.kernels });
  }
}

/**
 * Creates a {@link ComputeArena}.
 *
 * @example
 * const arena = createComputeArena({ bytes: 64 << 20, maxThreads: 1 });
 */
export function createComputeArena(options: ComputeArenaOptions): ComputeArena {
  return new ComputeArena(options);
}

/** The arena holding `data`, if any. */
export function computeArenaOf(data: Float32Array): ComputeArena | undefined {
  return arenas.get(data.buffer);
}
