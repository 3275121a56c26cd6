import { cpu, cpuData } from '@descent/core';
import type { Tensor } from '@descent/core';
import { expect, it } from 'vitest';
import { allFiniteHost } from './hostKernels';
import { createWasmArena } from './wasmArena';

const allFinite = (_backend: unknown, xs: Tensor[]): boolean => allFiniteHost(xs.map((x) => cpuData(x)));

const arena = createWasmArena(64 << 20);

it.each([
  ['cpu', (values: number[]) => cpu.fromArray(values)],
  ['a WasmArena (SIMD)', (values: number[]) => arena.fromArray(values)],
])('allFinite on %s finds a NaN or an infinity at any position, including the unrolled tail', (_label, make) => {
  for (const n of [1, 4, 7, 9, 16, 70_001]) {
    expect(allFinite(cpu, [make(new Array(n).fill(1.5))])).toBe(true);
    for (const i of n > 100 ? [0, 32_767, 32_768, 65_537, 70_000] : Array.from({ length: n }, (_, k) => k)) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const values = new Array(n).fill(-2);
        values[i] = bad;
        expect(allFinite(cpu, [make(values)]), `n=${n} i=${i} ${bad}`).toBe(false);
        expect(allFinite(cpu, [make([1, 2]), make(values)]), `second of two, n=${n} i=${i} ${bad}`).toBe(false);
      }
    }
  }
});
