import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LectureSetup } from './lectureSetup';
import type { LectureCurve } from './trainLectureRun';

/** `fixtures/pytorch-lecture-curves.json`: PyTorch's replay of the lecture's runs. */
export interface PytorchLectureFile {
  format: 'descent-lecture-replay';
  /** e.g. `PyTorch 1.13.0`. */
  framework: string;
  setup: LectureSetup;
  curves: LectureCurve[];
}

/** Where the fixture ships: the package's `fixtures/`, beside `dist/` (bundled code) or two levels above this source file. */
export const PYTORCH_LECTURE_FIXTURE = [
  fileURLToPath(new URL('../fixtures/pytorch-lecture-curves.json', import.meta.url)),
  fileURLToPath(new URL('../../fixtures/pytorch-lecture-curves.json', import.meta.url)),
].find((path) => existsSync(path)) ?? fileURLToPath(new URL('../fixtures/pytorch-lecture-curves.json', import.meta.url));

function sameSetup(a: LectureSetup, b: LectureSetup): boolean {
  const key = (s: LectureSetup): string =>
    JSON.stringify([s.hidden, s.batchSize, s.epochs, s.seed, s.trainPerEpoch, s.evalsPerEpoch, s.runs.map((r) => [r.name, r.lr, r.decay])]);
  return key(a) === key(b);
}

/**
 * PyTorch's replay of the lecture's runs from descent's initial weights and batch order,
 * when the shipped fixture was made for `setup` (the default one); undefined otherwise
 * (another seed, epoch count, ... has no replay).
 *
 * @example
 * const reference = pytorchLectureCurves(LECTURE_SETUP); // { framework: 'PyTorch 1.13.0', curves }
 */
export function pytorchLectureCurves(setup: LectureSetup, path: string = PYTORCH_LECTURE_FIXTURE): { framework: string; curves: LectureCurve[] } | undefined {
  if (!existsSync(path)) return undefined;
  const file = JSON.parse(readFileSync(path, 'utf8')) as PytorchLectureFile;
  if (file.format !== 'descent-lecture-replay' || !sameSetup(file.setup, setup)) return undefined;
  return { framework: file.framework, curves: file.curves };
}
