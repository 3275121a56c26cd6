import { Command } from 'commander';
import { addExperimentOptions } from '../options/addExperimentOptions';
import type { SweepFlags } from '../sweep/sweepCli';

const EXAMPLES = `
Examples:
  $ descent sweep --lr 0.001,0.01,0.1,1 --epochs 3
  $ descent sweep --optimizer sgd,adam --lr 0.001,0.01 --workers 2 --out runs/grid
  $ descent sweep --hidden 200/100,100 --betas 0.9,0.999/0.8,0.99 --optimizer adam
  $ descent sweep --config grid.yaml                     # with a 'sweep:' section of lists
  $ descent sweep --out runs/grid --resume               # after Ctrl-C

Every combination of the lists is one run in its own folder under --out. The dataset is
loaded once into shared memory and read in place by every worker thread. The sweep ends
with report.html and charts (training loss, test accuracy, loss against learning rate).
Exit codes: 0 done (some runs may have diverged), 1 a run failed or every run diverged,
2 bad input, 130 interrupted.`;

/**
 * `descent sweep`: a grid of runs in parallel worker threads, then a report.
 *
 * @example
 * program.addCommand(sweepCommand());
 */
export function sweepCommand(): Command {
  const command = new Command('sweep').description('run a grid of experiments (any option may be a list) on worker threads and compare them');
  addExperimentOptions(command, { lists: true });
  command.option('--workers <n>', 'worker threads (default: one per core)');
  command.addHelpText('after', EXAMPLES);
  command.action(async (flags: SweepFlags) => {
    const { sweepCli } = await import('../sweep/sweepCli');
    process.exitCode = (await sweepCli(flags)).exitCode;
  });
  return command;
}
