import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { cpu } from '../cpu';
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
});
