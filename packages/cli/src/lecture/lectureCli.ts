import { createOutput } from '../output';
import { flagInteger } from '../options/parseFlag';
import { defaultOutDir } from '../run/prepareOutDir';
import { LECTURE_SETUP, OPTIMIZERS_SETUP } from './lectureSetup';
import type { LectureSetup } from './lectureSetup';
import { optimizerLessonCriteria } from './lessons';
import { runLecture } from './runLecture';
import type { LectureSummary } from './runLecture';

/** The flags of `descent lecture`, as text. */
export interface LectureFlags {
  out?: string;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
  epochs?: string;
  seed?: string;
  trainPerEpoch?: string;
  evalsPerEpoch?: string;
  data?: string;
  optimizers?: boolean;
}

/** The lecture's learning rates (its last slides). */
export const LECTURE_LRS: readonly number[] = Object.freeze([1e-4, 1e-2, 1e-1, 1]);

function integer(field: string, text: string | undefined, fallback: number, least: number, most: number): number {
  return text === undefined ? fallback : flagInteger('lecture', field, text, least, most);
}

/**
 * The setup `descent lecture` trains: `base` ({@link LECTURE_SETUP} by default; `OPTIMIZERS_SETUP`
 * with `--optimizers`) with the flags given.
 *
 * @example
 * lectureSetupFrom({ epochs: '2' }).epochs; // 2
 * @throws DescentError `INVALID_ARGUMENT` naming the flag
 */
export function lectureSetupFrom(flags: Pick<LectureFlags, 'epochs' | 'seed' | 'trainPerEpoch' | 'evalsPerEpoch'>, base: LectureSetup = LECTURE_SETUP): LectureSetup {
  return {
    ...base,
    hidden: [...base.hidden],
    runs: base.runs.map((r) => ({ ...r })),
    epochs: integer('--epochs', flags.epochs, base.epochs, 1, 1000),
    seed: integer('--seed', flags.seed, base.seed, 0, 4_294_967_295),
    trainPerEpoch: integer('--train-per-epoch', flags.trainPerEpoch, base.trainPerEpoch, base.batchSize, 60_000),
    evalsPerEpoch: integer('--evals-per-epoch', flags.evalsPerEpoch, base.evalsPerEpoch, 1, 1000),
  };
}

/**
 * The body of `descent lecture`: checks the flags, trains the lecture's runs on worker
 * threads (`runLecture`), writes the report, prints the lessons (as JSON with `--json`) and
 * returns the summary.
 *
 * @example
 * const summary = await lectureCli({ epochs: '1', out: 'runs/lecture-short' });
 * summary.lessons.map((l) => l.observed);
 * @throws DescentError for bad flags (nothing is written then)
 */
export async function lectureCli(flags: LectureFlags): Promise<LectureSummary> {
  const out = createOutput(flags);
  const optimizers = flags.optimizers === true;
  const setup = lectureSetupFrom(flags, optimizers ? OPTIMIZERS_SETUP : LECTURE_SETUP);
  const workers = flags.workers === undefined ? undefined : integer('--workers', flags.workers, 1, 1, 1024);
  const isDefault = JSON.stringify(setup) === JSON.stringify(LECTURE_SETUP);
  const summary = await runLecture({
    setup,
    out: flags.out ?? defaultOutDir(optimizers ? 'lecture-optimizers' : 'lecture'),
    ...(optimizers ? { criteria: optimizerLessonCriteria } : {}),
    force: flags.force === true,
    ...(flags.data === undefined ? {} : { data: flags.data }),
    ...(workers === undefined ? {} : { workers }),
    output: out,
    title: optimizers
      ? "The lecture's advice: if you are unsure, use Adam but also try SGD (MNIST, MLP 784-200-10, batch 64)"
      : "The lecture's experiment: learning rates for SGD on MNIST (MLP 784-200-10, batch 64)",
    about:
      `${setup.epochs} epochs of ${setup.trainPerEpoch} training images (a new seeded shuffle of all 60,000 each epoch), the whole test set evaluated ${setup.evalsPerEpoch} times per epoch, ` +
      `one initialisation (seed ${setup.seed}) and one batch order for every run. ${optimizers ? 'Six optimizers, each at a learning rate commonly used for it, on the same batches.' : isDefault ? "These are the defaults: the lecture code's 200 hidden units (its text says 2000, ten times the cost), enough epochs for lr 1's oscillations and the halving remedy to show, within about 90 s of training on two cores." : 'Not the default setup: PyTorch has no replay of it.'}`,
  });
  out.printJson(summary);
  return summary;
}
