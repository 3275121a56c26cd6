import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Most tests read and parse all of MNIST (55 MB of IDX files), gzip it, or bundle the build
    // with esbuild: a second or two on an idle machine, many times that on a busy 2-core one.
    // Generous limits, no timing asserted.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
