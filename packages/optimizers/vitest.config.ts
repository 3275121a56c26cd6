import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every optimizer runs the PyTorch fixtures and the conformance checks on three backends
    // (cpu, tfjs-cpu, tfjs-wasm), some for thousands of steps: CPU-bound, and many times slower
    // on a busy 2-core machine. Generous limits, no timing asserted.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
