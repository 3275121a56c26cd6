import { describe, expect, it } from 'vitest';
import { backendLine } from './backendLine';

describe('backendLine', () => {
  it('prints the backend and why on one short line, without the loader error', () => {
    const reason =
      "auto: @tensorflow/tfjs-node is not installed (The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node. \n); using wasm (SIMD, single thread)";
    expect(backendLine({ backend: 'wasm', reason })).toBe('backend wasm (auto: tfjs-node is not installed; using wasm (SIMD, single thread))');
    expect(backendLine({ backend: 'cpu', reason: 'requested' })).toBe('backend cpu (requested)');
  });
});
