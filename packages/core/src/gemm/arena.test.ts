import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { cpu } from '../cpu';
import { Rng } from '../rng';
import { matmulCases, matmulShapes, runMatmul } from '../conformance/matmul';
import { ComputeArena, createComputeArena } from './arena';
import { gemmFeatures } from './features';
import { workerSource } from './threads';

// Node 20 ships relaxed SIMD behind this flag (Node 22 has it on): set before the first
// module is compiled, so that both kernel variants are tested here.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const features = gemmFeatures();
const configs: Array<{ label: string; fma: boolean; threads: number }> = [
  { label: 'multiply + add, 1 thread', fma: false, threads: 0 },
  { label: 'fused multiply-add, 1 thread', fma: true, threads: 0 },
  { label: 'multiply + add, 3 threads', fma: false, threads: 2 },
  { label: 'fused multiply-add, 2 threads', fma: true, threads: 1 },
];

describe('the WebAssembly SIMD kernels', () => {
  it('the engine has SIMD, relaxed SIMD (flag set) and shared memory', () => {
    expect(features).toEqual({ simd: true, relaxedSimd: true, sharedMemory: true });
  });

  describe.each(configs)('$label', ({ fma, threads }) => {
    let arena: ComputeArena;
    afterAll(() => arena?.dispose());

    it.each(matmulCases)('$label matches the float64 reference on every shape, in place in the arena', async ({ options }) => {
      arena ??= createComputeArena({ bytes: 16 << 20, maxThreads: threads, fma });
      await arena.startThreads(threads);
      expect(arena.fma).toBe(fma);
      expect(arena.threads).toBe(threads);
      for (const shape of matmulShapes) {
        arena.reset();
        const { worst, where, operandsKept } = runMatmul(cpu, shape, options, 3, (values, s, name) => arena.fromArray(values, s, name));
        expect(worst, `[m, k, n] = [${shape.join(', ')}]: ${where}`).toBeLessThanOrEqual(1);
        expect(operandsKept).toBe(true);
      }
    });
  });

  it('a product is bitwise the same on 1, 2 and 3 threads, whichever thread claims which part, and after the workers went to sleep', async () => {
    const run = async (threads: number): Promise<Float32Array[]> => {
      const arena = createComputeArena({ bytes: 4 << 20, maxThreads: threads, fma: true });
      await arena.startThreads(threads);
      const x = arena.fromArray(new Rng(1).fillUniform(new Float32Array(64 * 784), -1, 1), [64, 784]);
      const w = arena.fromArray(new Rng(2).fillUniform(new Float32Array(784 * 200), -1, 1), [784, 200]);
      const h = arena.zeros([64, 200]);
      const dw = arena.zeros([784, 200]);
      const out: Float32Array[] = [];
      for (let round = 0; round < 3; round++) {
        // Products back to back (workers spinning), then after a pause (workers asleep in Atomics.wait).
        if (round === 2) await new Promise((resolve) => setTimeout(resolve, 30));
        cpu.matmul(h, x, w);
        cpu.matmul(dw, x, h, { transposeA: true });
        out.push(h.data.slice(), dw.data.slice());
      }
      arena.dispose();
      return out;
    };
    const one = await run(0);
    for (const threads of [1, 2]) {
      const many = await run(threads);
      many.forEach((result, i) => expect(Buffer.from(result.buffer).equals(Buffer.from(one[i]!.buffer)), `${threads + 1} threads, result ${i}`).toBe(true));
    }
  });

  it('the worker program is self-contained source text', () => {
    const source = workerSource();
    expect(source).toContain('gemmBlocked');
    // It compiles as a script on its own: nothing it needs comes from a module scope.
    expect(() => new Function(source)).not.toThrow();
  });

  it('rejects bad options and a full arena', () => {
    expect(() => createComputeArena({ bytes: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'createComputeArena: bytes must be a positive integer, got 0' }));
    expect(() => createComputeArena({ bytes: 1024, maxThreads: -1 })).toThrow(/^createComputeArena: maxThreads must be an integer/);
    const small = createComputeArena({ bytes: 1 });
    expect(() => small.zeros([1 << 20])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^ComputeArena.zeros: the arena has \d+ bytes free/) }));
    return expect(small.startThreads(1)).rejects.toThrow(/^ComputeArena.startThreads: count must be an integer in \[0, 0\]/);
  });

  it('recycle: a disposed arena hands its memory, zeroed, to the next of its size and kind, and no other', async () => {
    const first = createComputeArena({ bytes: 1 << 16, recycle: true });
    const x = first.fromArray([1, 2, 3, 4], [2, 2]);
    first.dispose();
    // Another size, another kind, or an arena without recycle gets new memory.
    expect(createComputeArena({ bytes: 1 << 17, recycle: true }).memory).not.toBe(first.memory);
    expect(createComputeArena({ bytes: 1 << 16 }).memory).not.toBe(first.memory);
    const next = createComputeArena({ bytes: 1 << 16, recycle: true });
    expect(next.memory).toBe(first.memory);
    expect(next.kernels).toBe(first.kernels);
    // Zeroed, and its products are right.
    expect(Array.from(x.data)).toEqual([0, 0, 0, 0]);
    const a = next.fromArray([1, 2, 3, 4], [2, 2]);
    const c = next.zeros([2, 2]);
    cpu.matmul(c, a, a);
    expect(Array.from(c.data)).toEqual([7, 10, 15, 22]);
    // Taken once: a third arena gets new memory while the second is alive.
    expect(createComputeArena({ bytes: 1 << 16, recycle: true }).memory).not.toBe(first.memory);
    next.dispose();
    // An arena that ran threads is not handed on (a stopping worker may still read its control block).
    const threaded = createComputeArena({ bytes: 1 << 16, maxThreads: 1, recycle: true });
    await threaded.startThreads(1);
    threaded.dispose();
    expect(createComputeArena({ bytes: 1 << 16, maxThreads: 1, recycle: true }).memory).not.toBe(threaded.memory);
  });
});
