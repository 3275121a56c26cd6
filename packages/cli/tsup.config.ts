import { defineConfig } from 'tsup';

export default defineConfig({
  // sweepWorker and lectureWorker are loaded by path (new Worker(new URL('./sweepWorker.js', import.meta.url))), so each is an entry of its own.
  entry: { index: 'src/index.ts', bin: 'src/bin.ts', sweepWorker: 'src/sweep/sweepWorker.ts', lectureWorker: 'src/lecture/lectureWorker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
