import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Races and training steps run for real (CPU-bound): generous on a busy machine, no timing asserted.
    testTimeout: 60_000,
  },
});
