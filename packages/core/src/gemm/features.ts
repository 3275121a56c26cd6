import { gemmModules, sharedFlagOffset } from './kernels';

/** What this JavaScript engine offers the matrix-product kernels. */
export interface GemmFeatures {
  /** WebAssembly SIMD (128-bit): without it the cpu backend multiplies in JavaScript. */
  simd: boolean;
  /**
   * Relaxed SIMD's fused multiply-add (`f32x4.relaxed_madd`): on by default from Node 22 and
   * Chrome 114; Node 20 needs `--experimental-wasm-relaxed-simd`.
   */
  relaxedSimd: boolean;
  /** Shared WebAssembly memory (threads): needs `SharedArrayBuffer`, in browsers cross-origin isolation. */
  sharedMemory: boolean;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Fused multiply-add or not, shared memory (threads) or not. */
export type GemmVariant = 'fmaShared' | 'fmaUnshared' | 'plainShared' | 'plainUnshared';

const compiled = new Map<GemmVariant, WebAssembly.Module | null>();

/** The compiled module of a variant, or null where the engine rejects it (validated first, so nothing throws). */
export function gemmModule(variant: GemmVariant): WebAssembly.Module | null {
  let module = compiled.get(variant);
  if (module === undefined) {
    const bytes = decode(gemmModules[variant.startsWith('fma') ? 'fma' : 'plain']);
    // The unshared module is the shared one with its memory import's flags byte 1 instead of 3.
    if (variant.endsWith('Unshared')) bytes[sharedFlagOffset] = 0x01;
    module = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    compiled.set(variant, module);
  }
  return module;
}

function sharedMemoryWorks(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/**
 * Detects, once per call, what the engine supports by validating the kernels themselves
 * (`WebAssembly.validate` never throws; an engine without relaxed SIMD just says no).
 *
 * @example
 * import { gemmFeatures } from '@descent/core';
 * gemmFeatures(); // { simd: true, relaxedSimd: false, sharedMemory: true } on Node 20 without the flag
 */
export function gemmFeatures(): GemmFeatures {
  const simd = gemmModule('plainUnshared') !== null;
  const relaxedSimd = simd && gemmModule('fmaUnshared') !== null;
  const sharedMemory = simd && sharedMemoryWorks() && gemmModule('plainShared') !== null;
  return { simd, relaxedSimd, sharedMemory };
}
