import { packageBuild } from '../../tsup.base';

export default packageBuild({
  // sweepWorker and lectureWorker are loaded by path (new Worker(new URL('./sweepWorker.js', import.meta.url))), so each is an entry of its own;
  // exportLectureStart is the body of scripts/export-lecture-start.mjs.
  entry: { index: 'src/index.ts', bin: 'src/bin.ts', sweepWorker: 'src/sweep/sweepWorker.ts', lectureWorker: 'src/lecture/lectureWorker.ts', exportLectureStart: 'src/lecture/exportLectureStart.ts' },
  // ESM only: vega, vega-lite and fast-png, which the CLI bundles nothing of, are ESM-only packages.
  formats: 'esm',
  dtsEntry: { index: 'src/index.ts' },
});
