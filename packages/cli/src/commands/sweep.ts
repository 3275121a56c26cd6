import { Command } from 'commander';
import { addExperimentOptions } from '../options/addExperimentOptions';
import { collectSettings } from '../options/collectSettings';
import { flagInteger } from '../options/parseFlag';
import { createOutput } from '../output';
import { defaultOutDir } from '../run/prepareOutDir';

interface SweepFlags {
  config?: string;
  out?: string;
  resume?: boolean;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
}

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
    const out = createOutput(flags);
    const { readConfigFile } = await import('../options/readConfigFile');
    const { executeSweep } = await import('../sweep/executeSweep');
    const config = flags.config === undefined ? undefined : readConfigFile('sweep', flags.config);
    const labels = new Map<string, string>();
    const alternatives = collectSettings('sweep', command, config, { lists: true }, labels);
    const overrides: Record<string, unknown> = {};
    const epochs = alternatives.get('epochs');
    if (flags.resume === true && epochs !== undefined && command.getOptionValueSource('epochs') === 'cli') overrides.epochs = epochs[0];
    const workers = flags.workers === undefined ? config?.workers : flagInteger('sweep', '--workers', flags.workers, 1, 1024);
    const { result, exitCode } = await executeSweep({
      command: 'sweep',
      alternatives,
      labels,
      overrides,
      dir: flags.out ?? config?.out ?? defaultOutDir('sweep'),
      ...(workers === undefined ? {} : { workers }),
      resume: flags.resume === true,
      force: flags.force === true,
      out,
    });
    out.printJson(result);
    process.exitCode = exitCode;
  });
  return command;
}
