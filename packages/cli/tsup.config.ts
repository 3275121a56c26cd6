import { defineConfig } from 'tsup';

export default defineConfig({
  // sweepWorker is loaded by path (new Worker(new URL('./sweepWorker.js', import.meta.url))), so it is an entry of its own.
  entry: { index: 'src/index.ts', bin: 'src/bin.ts', sweepWorker: 'src/sweep/sweepWorker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
