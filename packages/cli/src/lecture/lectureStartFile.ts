import type { DataSplit } from '@descent/train';
import type { LectureSetup } from './lectureSetup';
import { lectureStart } from './trainLectureRun';

/** `lecture-start.json`: what a replay of the lecture in another framework reads. */
export interface LectureStartFile {
  format: 'descent-lecture-start';
  version: 1;
  setup: LectureSetup;
  classes: number;
  /** The MNIST folder (four IDX files) descent read. */
  data: string;
  /** Initial weights as descent lays them out (`fc1.weight` `[in, out]`), float32 little-endian in base64. */
  weights: Record<string, { shape: number[]; base64: string }>;
  /** Each epoch's item order over the whole training split, uint32 little-endian in base64 (the first `trainPerEpoch` are used). */
  orders: string[];
}

const base64 = (array: Float32Array | Uint32Array): string => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

/**
 * The lecture's starting point as JSON: the MLP's initial weights from `setup.seed` (the
 * same for every run) and every epoch's seeded batch order, for a replay of the same runs
 * in PyTorch (`scripts/replay-lecture-pytorch.py`).
 *
 * @example
 * writeFileSync('lecture-start.json', JSON.stringify(lectureStartFile(LECTURE_SETUP, mnist.train, 10, dir)));
 */
export function lectureStartFile(setup: LectureSetup, train: DataSplit, classes: number, data: string): LectureStartFile {
  const start = lectureStart(setup, train, classes);
  const weights: LectureStartFile['weights'] = {};
  for (const [name, w] of Object.entries(start.weights)) weights[name] = { shape: w.shape, base64: base64(w.data) };
  return { format: 'descent-lecture-start', version: 1, setup, classes, data, weights, orders: start.orders.map(base64) };
}
