import { Rng, cpu } from '@descent/core';
import type { CpuTensor } from '@descent/core';
import { describe, expect, it, vi } from 'vitest';
import { adam } from '../adam';
import { adamw } from '../adamw';
import type { Optimizer } from '../types';
import { sgd } from '../sgd';
import { expectAllClose } from '../testHelpers';
import { attachWasmKernels, createWasmArena } from './wasmArena';
import type { StateAllocator } from './wasmArena';
import { arenaOfData } from './wasmKernels';

/**
 * A state allocator managed outside descent: tensors one after another in `memory` from byte
 * `start`, each rounded up to 64 bytes.
 */
function bumpAllocator(memory: WebAssembly.Memory, start: number): StateAllocator {
  let next = start;
  return {
    get free() {
      return memory.buffer.byteLength - next;
    },
    zeros(shape: readonly number[], name?: string) {
      const size = shape.reduce((a, b) => a * b, 1);
      const view = new Float32Array(memory.buffer, next, size);
      next += Math.ceil((size * 4) / 64) * 64;
      return cpu.wrap(view, shape, name);
    },
  };
}

/**
 * Runs `create(options)` fused over `w` (each gradient written into `g`) and, beside it, on
 * the general path over a cpu copy `w2` of `start`, for `steps` normal gradients drawn from
 * `seed`.
 */
function stepFusedAndGeneral(
  create: unknown,
  options: object,
  { w, g, start }: { w: CpuTensor; g: CpuTensor; start: Float32Array },
  seed: number,
  steps: number,
): { fast: Optimizer; slow: Optimizer; w2: CpuTensor } {
  const fast = (create as typeof adam)({ w }, options as never);
  const w2 = cpu.fromArray(start, [start.length], 'w');
  const slow = (create as typeof adam)({ w: w2 }, { ...options, fused: false } as never);
  const rng = new Rng(seed);
  for (let t = 0; t < steps; t++) {
    const values = rng.fillNormal(new Float32Array(start.length));
    cpu.write(g, values);
    fast.step([g]);
    slow.step([cpu.fromArray(values)]);
  }
  return { fast, slow, w2 };
}

describe('WasmArena', () => {
  it.each([
    ['adam', adam, { lr: 0.01 }],
    ['adam weightDecay maximize', adam, { lr: 0.01, weightDecay: 0.1, maximize: true }],
    ['adamw + clipGradNorm', adamw, { lr: 0.01, weightDecay: 0.2, clipGradNorm: 0.5 }],
    ['adam + accumulate 2 (the accumulator lives in the arena)', adam, { lr: 0.01, accumulate: 2 }],
    ['sgd momentum dampening', sgd, { lr: 0.05, momentum: 0.9, dampening: 0.2, weightDecay: 0.01 }],
    ['sgd nesterov maximize', sgd, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true }],
    ['sgd plain (no state: the momentum kernel in place, its buffer at the parameter)', sgd, { lr: 0.05, weightDecay: 0.01 }],
  ] as const)('the SIMD kernel agrees with the general path (%s)', (label, create, options) => {
    const n = 1003; // not a multiple of 4: the JS loop does the tail
    const start = new Rng(1).fillUniform(new Float32Array(n), -1, 1);
    const arena = createWasmArena(1 << 20);
    const kernel = vi.spyOn(arena, (label.startsWith('sgd') ? 'sgd' : 'adam') as never);
    const w = arena.fromArray(start, [n], 'w');
    const g = arena.zeros([n], 'g');
    const free = arena.free;
    const { fast, slow, w2 } = stepFusedAndGeneral(create, options, { w, g, start }, 2, 30);
    expect(kernel).toHaveBeenCalledTimes(30 / ('accumulate' in options ? options.accumulate : 1));
    expect(arena.free).toBeLessThanOrEqual(free - (label.startsWith('sgd plain') ? 0 : label.startsWith('sgd') ? 1 : 2) * n * 4); // the state lives in the arena
    expectAllClose(cpu.read(w), cpu.read(w2), 1e-5, 1e-6);
    const a = fast.stateDict().params.w!.buffers;
    const b = slow.stateDict().params.w!.buffers;
    for (const key of Object.keys(b)) expectAllClose(a[key]!.data, b[key]!.data, 1e-5, 1e-6);
    expect(Object.keys(a)).toEqual(Object.keys(b));
  });

  it('loads a saved state into the arena and resumes exactly', () => {
    const arena = createWasmArena(1 << 20);
    const w = arena.fromArray([1, 2, 3, 4, 5], [5], 'w');
    const g = arena.fromArray([0.1, -0.2, 0.3, -0.4, 0.5]);
    const first = adam({ w }, { lr: 0.1 });
    for (let t = 0; t < 3; t++) first.step([g]);
    const saved = first.stateDict();
    const copy = arena.fromArray(cpu.read(w), [5], 'w');
    const second = adam({ w: copy }, { lr: 0.1 });
    second.loadStateDict(saved);
    first.step([g]);
    second.step([g]);
    expect(Array.from(cpu.read(copy))).toEqual(Array.from(cpu.read(w)));
  });

  it('says when it is full', () => {
    const arena = createWasmArena(65536);
    expect(() => arena.zeros([20000])).toThrow(/WasmArena\.zeros: the arena has 65536 bytes free, 80000 are needed/);
  });

  it.each([
    ['adam', adam, { lr: 0.01 }, 2],
    ['sgd momentum', sgd, { lr: 0.05, momentum: 0.9 }, 1],
    ['sgd plain', sgd, { lr: 0.05 }, 0],
  ] as const)('attachWasmKernels: on a shared memory managed elsewhere, %s runs its SIMD kernel in place, state beside the parameter, same numbers', (_label, create, options, buffers) => {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 16, shared: true });
    const allocator = bumpAllocator(memory, 0);
    attachWasmKernels(memory, allocator);
    const n = 1001;
    const start = new Rng(5).fillUniform(new Float32Array(n), -1, 1);
    const w = allocator.zeros([n], 'w');
    cpu.write(w, start);
    const g = allocator.zeros([n], 'g');
    const before = allocator.free;
    const { w2 } = stepFusedAndGeneral(create, options, { w, g, start }, 6, 20);
    expect(before - allocator.free).toBe(buffers * Math.ceil((n * 4) / 64) * 64);
    expectAllClose(cpu.read(w), cpu.read(w2), 1e-5, 1e-6);
  });

  it('attachWasmKernels again on the same memory (a recycled arena, a new allocator): the same kernels instance, state from the new allocator', () => {
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 4 });
    attachWasmKernels(memory, bumpAllocator(memory, 0));
    const kernels = arenaOfData(memory)!;
    expect(kernels.sgd).not.toBeNull();
    const second = bumpAllocator(memory, 128 << 10);
    attachWasmKernels(memory, second);
    expect(arenaOfData(memory)!.sgd).toBe(kernels.sgd);
    expect(arenaOfData(memory)!.adam).toBe(kernels.adam);
    const w = second.zeros([256], 'w');
    const before = second.free;
    const optimizer = sgd({ w }, { lr: 0.1, momentum: 0.9 });
    optimizer.step({ w: second.zeros([256], 'g') });
    // The momentum buffer came from the second allocator (after the gradient's 1,024 bytes).
    expect(before - second.free).toBe(2 * 1024);
  });
});
