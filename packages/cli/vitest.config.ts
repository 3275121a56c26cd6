import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/buildOnce.ts'],
    // End-to-end tests spawn real training runs on a slice of MNIST (a few seconds each on 2 cores).
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
