import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The conformance suites start tfjs's wasm backend and, for webgl, bundle a page and launch
    // Chromium: seconds on an idle machine, many times that on a busy 2-core one. Generous
    // limits, no timing asserted.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
