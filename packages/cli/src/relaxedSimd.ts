import { setFlagsFromString } from 'node:v8';

/**
 * The smallest module that uses relaxed SIMD: one function computing `f32x4.relaxed_madd` of
 * three zero vectors and dropping it.
 */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  // type section: one type, () -> ()
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
  // function section: one function of type 0
  0x03, 0x02, 0x01, 0x00,
  // code section: one body of 60 bytes, no locals
  0x0a, 0x3e, 0x01, 0x3c, 0x00,
  ...[0, 1, 2].flatMap(() => [0xfd, 0x0c, ...new Array<number>(16).fill(0)]), // v128.const 0, three times
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd
  0x1a, // drop
  0x0b, // end
]);

/** Whether this engine compiles relaxed SIMD (fused multiply-add) now. */
export function hasRelaxedSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(PROBE);
}

/**
 * Turns WebAssembly relaxed SIMD on for this process where the engine has it behind a flag
 * (Node 20: V8's `--experimental-wasm-relaxed-simd`; Node 22 and later have it on), so that
 * descent's matrix products use fused multiply-add. It must run before any WebAssembly module
 * is compiled; V8's flags hold for the whole process, the sweep's and lecture's worker threads
 * included. Returns whether relaxed SIMD is available afterwards.
 */
export function enableRelaxedSimd(): boolean {
  if (hasRelaxedSimd()) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return hasRelaxedSimd();
}
