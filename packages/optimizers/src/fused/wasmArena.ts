import { DescentError, cpu, shapeSize } from '@descent/core';
import type { CpuTensor, Shape } from '@descent/core';
import { arenaOfData, compiled, instantiate, moduleBytes, registerArena, sharedModuleBytes } from './wasmKernels';
import type { AdamKernel, ArenaLike, FiniteKernel, Kernels, SgdKernel } from './wasmKernels';

/**
 * A fixed-size block of WebAssembly memory for cpu tensors. Parameters and gradients
 * allocated here let Adam/AdamW (no amsgrad, torch eps placement) run the WebAssembly SIMD
 * kernel instead of the JS loop; the optimizer then allocates its moments in the same
 * arena; SGD with momentum likewise. Tensors are ordinary cpu tensors (`cpuData` works); memory is never grown (that
 * would detach every view) nor reclaimed: size it for the model, its gradients and 2-3x
 * for the optimizer state.
 *
 * @example
 * const arena = createWasmArena(64 << 20);
 * const w = arena.zeros([784, 200], 'w');
 * const g = arena.zeros([784, 200], 'g'); // write gradients here each step
 * const optimizer = adam({ w }, { lr: 1e-3 }); // runs the SIMD kernel
 */
export class WasmArena {
  readonly memory: WebAssembly.Memory;
  /** The SIMD Adam kernel, or null where WebAssembly SIMD is not available (the JS loop is used). */
  readonly adam: AdamKernel | null;
  /** The SIMD kernel of SGD with momentum, or null like `adam`. */
  readonly sgd: SgdKernel | null;
  /** sum(x - x) over n floats (0 exactly when all are finite), or null like `adam`. */
  readonly finite: FiniteKernel | null;
  private next = 0;

  constructor(bytes: number) {
    if (!Number.isInteger(bytes) || bytes <= 0) throw new DescentError('INVALID_ARGUMENT', `createWasmArena: bytes must be a positive integer, got ${bytes}`);
    const pages = Math.ceil(bytes / 65536);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const kernels = instantiate(this.memory);
    this.adam = kernels.adam;
    this.sgd = kernels.sgd;
    this.finite = kernels.finite;
    registerArena(this.memory, this);
  }

  /** Bytes still free. */
  get free(): number {
    return this.memory.buffer.byteLength - this.next;
  }

  /** A new zero tensor in the arena (16-byte aligned). Throws `INVALID_ARGUMENT` when full. */
  zeros(shape: Shape, name?: string): CpuTensor {
    const size = shapeSize('WasmArena.zeros', shape);
    const bytes = Math.ceil((size * 4) / 16) * 16;
    if (bytes > this.free) {
      throw new DescentError('INVALID_ARGUMENT', `WasmArena.zeros: the arena has ${this.free} bytes free, ${bytes} are needed for shape [${shape.join(', ')}]`);
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
}

/**
 * Creates a {@link WasmArena} of `bytes` bytes (rounded up to 64 KiB pages).
 *
 * @example
 * const arena = createWasmArena(256 << 20);
 */
export function createWasmArena(bytes: number): WasmArena {
  return new WasmArena(bytes);
}

/** What {@link attachWasmKernels} needs of another arena: where to put optimizer state. */
export interface StateAllocator {
  /** Bytes still free. */
  readonly free: number;
  /** A new zero cpu tensor in the memory (at least 16-byte aligned). */
  zeros(shape: Shape, name?: string): CpuTensor;
}

/**
 * Makes the optimizers treat cpu tensors living in `memory` as they treat a
 * {@link WasmArena}'s: the SIMD Adam/SGD kernels run on them in place, and the optimizer
 * state is allocated beside them with `allocator` (while it has room; else on the cpu
 * backend). For a memory another package manages, e.g. `@descent/core`'s `ComputeArena`
 * (shared memory included). Idempotent per memory.
 *
 * @example
 * const arena = createComputeArena({ bytes: 64 << 20 });
 * attachWasmKernels(arena.memory, arena);
 * const optimizer = adam({ w: arena.zeros([784, 200]) }, { lr: 1e-3 }); // moments in the arena, SIMD in place
 */
export function attachWasmKernels(memory: WebAssembly.Memory, allocator: StateAllocator): void {
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  // Attached before (a recycled memory, a new allocator): the same instance of the kernels.
  const kernels: Kernels = arenaOfData(memory) ?? instantiate(memory, compiled(shared ? sharedModuleBytes : moduleBytes));
  registerArena(memory, new AttachedArena(kernels, allocator));
}

/**
 * The kernels over another package's memory and its allocator. A class, so that every attached
 * memory looks the same to the optimised kernels' callers (one shape, not one per memory).
 */
class AttachedArena implements ArenaLike {
  readonly adam: AdamKernel | null;
  readonly sgd: SgdKernel | null;
  readonly finite: FiniteKernel | null;
  private readonly allocator: StateAllocator;

  constructor(kernels: Kernels, allocator: StateAllocator) {
    this.adam = kernels.adam;
    this.sgd = kernels.sgd;
    this.finite = kernels.finite;
    this.allocator = allocator;
  }

  get free(): number {
    return this.allocator.free;
  }

  zeros(shape: Shape, name?: string): CpuTensor {
    return this.allocator.zeros(shape, name);
  }
}
