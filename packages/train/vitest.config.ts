import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/buildOnce.ts'],
    // Real training on a 2-core machine shared with other jobs: generous limits, no timing asserted.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
