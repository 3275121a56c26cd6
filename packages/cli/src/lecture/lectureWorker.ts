import { parentPort } from 'node:worker_threads';
import type { DataSplit } from '@descent/train';
import type { LectureRunSpec, LectureSetup } from './lectureSetup';
import { trainLectureRun } from './trainLectureRun';
import type { LectureCurve } from './trainLectureRun';

/** What the lecture's main thread sends a worker. */
export type ToLectureWorker =
  | { type: 'init'; setup: LectureSetup; train: DataSplit; test: DataSplit; classes: number }
  | { type: 'run'; spec: LectureRunSpec };

/** What a worker sends back. */
export type FromLectureWorker =
  | { type: 'progress'; name: string; step: number; total: number }
  | { type: 'done'; curve: LectureCurve }
  | { type: 'failed'; name: string; message: string; code?: string };

// A worker of `descent lecture`: receives the data once (shared memory), then trains the
// runs it is sent one after another, on its own core.
const port = parentPort;
let context: Extract<ToLectureWorker, { type: 'init' }> | undefined;

port?.on('message', (message: ToLectureWorker) => {
  if (message.type === 'init') {
    context = message;
    return;
  }
  const { spec } = message;
  try {
    const { setup, train, test, classes } = context!;
    const curve = trainLectureRun(setup, spec, train, test, classes, (step, total) => port.postMessage({ type: 'progress', name: spec.name, step, total } satisfies FromLectureWorker));
    port.postMessage({ type: 'done', curve } satisfies FromLectureWorker);
  } catch (error) {
    const code = (error as { code?: string }).code;
    port.postMessage({ type: 'failed', name: spec.name, message: (error as Error).message, ...(code === undefined ? {} : { code }) } satisfies FromLectureWorker);
  }
});
