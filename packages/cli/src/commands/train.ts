import { Command } from 'commander';
import { addExperimentOptions } from '../options/addExperimentOptions';
import type { TrainFlags } from '../train/trainCli';

const EXAMPLES = `
Examples:
  $ descent train --lr 0.1 --epochs 3
  $ descent train --optimizer adam --lr 1e-3 --betas 0.9,0.999 --hidden 256,128 --out runs/adam
  $ descent train --optimizer sgd --lr 0.1 --momentum 0.9 --nesterov --schedule step:5:0.5 --epochs 10
  $ descent train --limit-train 1000 --limit-test 500 --epochs 1 --json     # a quick check
  $ descent train --out runs/adam --resume --epochs 20                         # continue a stopped run
  $ descent train --config experiment.yaml

The run folder holds config.json, metrics.jsonl (one line per epoch), summary.json and the
checkpoint (checkpoint.json + checkpoint.safetensors). Ctrl-C finishes the batch, writes the checkpoint and exits 130.
Exit codes: 0 done, 1 diverged or failed (a write too: disk full), 2 bad input, 130 interrupted.`;

/**
 * `descent train`: trains one MLP with any optimizer and schedule into a run folder.
 *
 * @example
 * program.addCommand(trainCommand());
 */
export function trainCommand(): Command {
  const command = new Command('train').description('train an MLP on MNIST (or a 2D set) with any optimizer and schedule, into a run folder');
  addExperimentOptions(command);
  command.addHelpText('after', EXAMPLES);
  command.action(async (flags: TrainFlags) => {
    const { trainCli } = await import('../train/trainCli');
    process.exitCode = await trainCli(flags);
  });
  return command;
}
