import { setFlagsFromString } from 'node:v8';

/**
 * Turns WebAssembly relaxed SIMD on for this process on Node 20, which has it behind V8's
 * `--experimental-wasm-relaxed-simd` (Node 22 and later have it on), so that descent's matrix
 * products use fused multiply-add. It must run before any kernel is compiled (core compiles
 * them on first use, not at import); V8's flags hold for the whole process, the sweep's and
 * lecture's worker threads included.
 */
export function enableRelaxedSimd(): void {
  if (process.versions.node.startsWith('20.')) setFlagsFromString('--experimental-wasm-relaxed-simd');
}
