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
  $ descent sweep --lr 0.001,0.01,0.1,1 --out runs/grid --shard 1/4   # one of 4 machines; then: descent report runs/grid

Every combination of the lists is one run in its own folder under --out. The dataset is
loaded once into shared memory and read in place by every worker thread. The sweep ends
with report.html and charts (training loss, test accuracy, loss against learning rate).
A shard (--shard, or a Slurm job array or Kubernetes Indexed Job: see the README) runs every
count-th run of the grid from its index, writes sweep-shard-INDEX-of-COUNT.json and its run
folders only, and no report: 'descent report DIR' merges the shards once all have ended.
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
  command.option(
    '--shard <index/count>',
    `run only the index-th (from 0) of count slices of the grid, into --out beside the others (default: from SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT or _MIN/_MAX, or JOB_COMPLETION_INDEX with DESCENT_SHARD_COUNT; else the whole grid)`,
  );
  command.addHelpText('after', EXAMPLES);
  command.action(async (flags: SweepFlags) => {
    const { sweepCli } = await import('../sweep/sweepCli');
    process.exitCode = (await sweepCli(flags)).exitCode;
  });
  return command;
}
