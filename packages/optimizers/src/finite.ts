import { cpuData, isCpuTensor } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import { simdAllFinite } from './wasm-arena';

/**
 * True when every element of every tensor in `xs` is finite (x - x is 0 for finite x, NaN
 * otherwise). On the cpu backend: the WebAssembly SIMD kernel per tensor (in place for a
 * WasmArena, else staged; 10M floats in ~2.5 ms in place, ~6.5 ms staged, here), or without
 * WebAssembly a JS pass with four independent accumulators (~10 ms); other backends use
 * `backend.allFinite` over the whole list, so a step reads one number back from the device
 * (a GPU sync on webgl), not one per parameter.
 */
export function allFinite(backend: Backend, xs: readonly Tensor[]): boolean {
  if (!xs.every(isCpuTensor)) return backend.allFinite(xs);
  return xs.every(cpuAllFinite);
}

function cpuAllFinite(x: Tensor): boolean {
  const a = cpuData(x);
  const n = a.length;
  const end = n - (n % 4);
  const fast = simdAllFinite(a);
  if (fast !== null) return fast;
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
