import { Command } from 'commander';
import { exitCodes } from '../exitCodes';
import { percent, textTable } from '../formatMetrics';
import { addExperimentOptions } from '../options/addExperimentOptions';
import { collectSettings } from '../options/collectSettings';
import { flagInteger } from '../options/parseFlag';
import { createOutput } from '../output';
import { lectureAnchors } from '../report/anchors';
import type { RunRecord } from '../report/loadRuns';
import { defaultOutDir } from '../run/prepareOutDir';

interface LectureFlags {
  out?: string;
  resume?: boolean;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
}

/** The lecture's learning rates (its last slides). */
export const LECTURE_LRS: readonly number[] = Object.freeze([1e-4, 1e-2, 1e-1, 1]);

/** What `descent lecture` trains unless told otherwise: the lecture's 10 epochs, on wasm. */
export const LECTURE_DEFAULTS = Object.freeze({ epochs: 10, seed: 0, backend: 'wasm' });

/**
 * The grid of `descent lecture`: the lecture's setup (MNIST, MLP 784-200-10, SGD, batch 64,
 * lr 1e-4, 1e-2, 1e-1, 1) with {@link LECTURE_DEFAULTS} where `given` (the flags typed,
 * as {@link collectSettings} reads them) has no value, and the data flags as given.
 *
 * @example
 * lectureAlternatives(new Map()).get('epochs'); // [10]
 */
export function lectureAlternatives(given: ReadonlyMap<string, unknown[]>): Map<string, unknown[]> {
  const one = (key: keyof typeof LECTURE_DEFAULTS): unknown[] => given.get(key) ?? [LECTURE_DEFAULTS[key]];
  const alternatives = new Map<string, unknown[]>([
    ['dataset', ['mnist']],
    ['hidden', [[200]]],
    ['optimizer', ['sgd']],
    ['batchSize', [64]],
    ['lr', [...LECTURE_LRS]],
    ['epochs', one('epochs')],
    ['seed', one('seed')],
    ['backend', one('backend')],
  ]);
  for (const key of ['data', 'limitTrain', 'limitTest']) if (given.has(key)) alternatives.set(key, given.get(key)!);
  return alternatives;
}

const EXAMPLES = `
Examples:
  $ descent lecture --epochs 2                  # a few minutes on 2 cores
  $ descent lecture                             # the full 10 epochs
  $ descent lecture --limit-train 5000 --epochs 1 --out runs/lecture-quick

The lecture's experiment: an MLP 784-200-10 (ReLU) trained on MNIST with plain SGD, batch
64, for each learning rate 1e-4, 1e-2, 1e-1 and 1, as a sweep on worker threads (wasm
backend by default). It ends with the report (training loss and test accuracy per epoch,
loss against learning rate) and each run's final test accuracy next to PyTorch's on the
same setup. Exit codes: 0 done, 1 a run failed or all diverged, 2 bad input, 130 interrupted.`;

interface ComparisonRow {
  lr: number;
  epoch: number;
  descent: number | undefined;
  pytorch: number | undefined;
}

function compare(runs: readonly RunRecord[]): ComparisonRow[] {
  const anchors = lectureAnchors();
  return runs.map((run) => {
    const last = run.metrics[run.metrics.length - 1];
    const epoch = last?.epoch ?? 0;
    const anchor = anchors.find((a) => a.lr === run.lr && a.epoch === epoch);
    return { lr: run.lr ?? NaN, epoch, descent: last?.testAccuracy, pytorch: anchor?.test_acc };
  });
}

function comparisonTable(rows: readonly ComparisonRow[]): { header: string[]; rows: string[][] } {
  return {
    header: ['lr', 'epoch', 'descent test acc', 'PyTorch test acc', 'difference'],
    rows: rows.map((r) => [
      String(r.lr),
      String(r.epoch),
      percent(r.descent),
      percent(r.pytorch),
      r.descent === undefined || r.pytorch === undefined ? '-' : `${((r.descent - r.pytorch) * 100).toFixed(2)} points`,
    ]),
  };
}

/**
 * `descent lecture`: the lecture's learning-rate experiment as a sweep, with its report
 * and PyTorch's numbers beside descent's.
 *
 * @example
 * program.addCommand(lectureCommand());
 */
export function lectureCommand(): Command {
  const command = new Command('lecture').description("reproduce the lecture's experiment: MLP 784-200-10, SGD, batch 64, lr 1e-4, 1e-2, 1e-1, 1; report and PyTorch comparison");
  addExperimentOptions(command, {
    only: ['data', 'limitTrain', 'limitTest', 'epochs', 'seed', 'backend'],
    config: false,
    descriptions: {
      epochs: `epochs to train (default ${LECTURE_DEFAULTS.epochs}, as in the lecture)`,
      backend: `tfjs backend: wasm (default here), cpu, tensorflow, or auto (tfjs-node if installed, else wasm, else cpu)`,
    },
  });
  command.option('--workers <n>', 'worker threads (default: one per core)');
  command.addHelpText('after', EXAMPLES);
  command.action(async (flags: LectureFlags) => {
    const out = createOutput(flags);
    const { executeSweep } = await import('../sweep/executeSweep');
    const given = collectSettings('lecture', command, undefined, { lists: false });
    const alternatives = lectureAlternatives(given);
    const overrides = flags.resume === true && given.has('epochs') ? { epochs: given.get('epochs')![0] } : {};
    const limited = given.has('limitTrain') || given.has('limitTest');
    let comparison: ComparisonRow[] = [];
    const { result, exitCode } = await executeSweep({
      command: 'lecture',
      alternatives,
      overrides,
      dir: flags.out ?? defaultOutDir('lecture'),
      ...(flags.workers === undefined ? {} : { workers: flagInteger('lecture', '--workers', flags.workers, 1, 1024) }),
      resume: flags.resume === true,
      force: flags.force === true,
      out,
      report: (runs) => {
        comparison = compare(runs);
        const table = comparisonTable(comparison);
        return {
          title: "The lecture's experiment: learning rates for SGD on MNIST (MLP 784-200-10, batch 64)",
          reference: {
            name: 'PyTorch 1.13',
            epochs: lectureAnchors().flatMap((a) => {
              const run = runs.find((r) => r.lr === a.lr);
              return run === undefined ? [] : [{ run: run.name, epoch: a.epoch, trainLoss: a.train_loss, testLoss: a.test_loss, testAccuracy: a.test_acc }];
            }),
          },
          comparison: {
            caption: `Final test accuracy: descent against PyTorch 1.13 on the same setup${limited ? ' (descent ran on a slice of MNIST; PyTorch on all of it)' : ''}`,
            ...table,
          },
        };
      },
    });
    const table = comparisonTable(comparison);
    out.result('');
    out.result(`Final test accuracy against PyTorch (fixtures/pytorch-mlp-mnist.jsonl)${limited ? ', descent on a slice of MNIST' : ''}:`);
    out.result(textTable([table.header, ...table.rows]));
    out.printJson({ ...result, pytorch: comparison });
    process.exitCode = exitCode === exitCodes.ok ? exitCodes.ok : exitCode;
  });
  return command;
}
