// The body of scripts/export-lecture-start.mjs (built as dist/exportLectureStart.js, not part of
// the package's exports): writes the starting point of `descent lecture`'s default runs (initial
// weights, every epoch's batch order, setup, MNIST folder) for scripts/replay-lecture-pytorch.py.
import { writeFileSync } from 'node:fs';
import { loadMnist } from '@descent/datasets';
import { mnistDataDirectory } from '../data/mnistDataDirectory';
import { LECTURE_SETUP } from './lectureSetup';
import { lectureStartFile } from './lectureStartFile';

const out = process.argv[2];
if (out === undefined) {
  console.error('usage: node export-lecture-start.mjs OUT.json');
  process.exit(2);
}
const data = mnistDataDirectory('export-lecture-start');
const mnist = await loadMnist({ source: data });
writeFileSync(out, JSON.stringify(lectureStartFile(LECTURE_SETUP, mnist.train, 10, data)));
console.log(`wrote ${out}: ${LECTURE_SETUP.runs.length} runs, ${LECTURE_SETUP.epochs} epochs`);
