import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each README block runs in its own Node process against the built packages; the heaviest
    // (loading all of MNIST, a short training run) take seconds on an idle 2-core machine.
    testTimeout: 180_000,
  },
});
