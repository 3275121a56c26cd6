import { Command } from 'commander';
import { DescentError } from '@descent/core';
import { initBackend } from '@descent/train';
import { loadData } from '../data/loadData';
import { exitCodes } from '../exitCodes';
import { formatEpoch, lossText, percent } from '../formatMetrics';
import { addExperimentOptions } from '../options/addExperimentOptions';
import { collectSettings } from '../options/collectSettings';
import { readConfigFile } from '../options/readConfigFile';
import { resolveRun } from '../options/resolveRun';
import { createOutput } from '../output';
import { createProgressBars } from '../progressBars';
import { checkOutDir, createOutDir, defaultOutDir } from '../run/prepareOutDir';
import { readCheckpoint, readRunJson, runFiles } from '../run/runFiles';
import { trainInFolder } from '../run/trainInFolder';
import { onInterrupt } from '../onInterrupt';

interface TrainFlags {
  config?: string;
  out?: string;
  resume?: boolean;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
}

const EXAMPLES = `
Examples:
  $ descent train --lr 0.1 --epochs 3
  $ descent train --optimizer adam --lr 1e-3 --betas 0.9,0.999 --hidden 256,128 --out runs/adam
  $ descent train --optimizer sgd --lr 0.1 --momentum 0.9 --nesterov --schedule step:5:0.5 --epochs 10
  $ descent train --limit-train 1000 --limit-test 500 --epochs 1 --json     # a quick check
  $ descent train --out runs/adam --resume --epochs 20                         # continue a stopped run
  $ descent train --config experiment.yaml

The run folder holds config.json, metrics.jsonl (one line per epoch), summary.json and
checkpoint.json. Ctrl-C finishes the batch, writes the checkpoint and exits 130.
Exit codes: 0 done, 1 diverged or failed, 2 bad input, 130 interrupted.`;

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
    process.exitCode = await train(command, flags);
  });
  return command;
}

async function train(command: Command, flags: TrainFlags): Promise<number> {
  const out = createOutput(flags);
  const config = flags.config === undefined ? undefined : readConfigFile('train', flags.config);
  const given = collectSettings('train', command, config, { lists: false });
  const dir = flags.out ?? config?.out ?? defaultOutDir('train');
  const resume = flags.resume === true;
  checkOutDir('train', dir, { resume, force: flags.force === true });
  let settings: Record<string, unknown> = Object.fromEntries([...given].map(([key, values]) => [key, values[0]]));
  if (resume) {
    const saved = readRunJson<{ settings: Record<string, unknown> }>(dir, runFiles.config);
    settings = { ...(saved?.settings ?? {}), ...settings };
  }
  const plan = resolveRun('train', settings, 'run');
  const checkpoint = resume ? readCheckpoint(dir) : undefined;
  if (resume && checkpoint === undefined) {
    throw new DescentError('NOT_FOUND', `train: --resume: '${dir}' has no ${runFiles.checkpoint} (the run never finished an epoch nor was stopped)`, { details: { field: '--resume' } });
  }
  const loaded = await loadData('train', plan.data, { shared: false, seed: 0 });
  plan.train.classes = loaded.classes;
  const backend = await initBackend(plan.backend);
  out.info(`${loaded.description}; backend ${backend.backend} (${backend.reason})`);
  createOutDir('train', dir, { force: flags.force === true });
  out.info(`${resume ? 'resuming' : 'writing'} ${dir}`);

  const bars = createProgressBars(out);
  const controller = new AbortController();
  const release = onInterrupt(() => {
    bars.log('interrupted: finishing the batch and writing the checkpoint (Ctrl-C again to quit at once)');
    controller.abort();
  });
  let summary;
  try {
    summary = await trainInFolder({
      plan,
      data: loaded.data,
      dir,
      backend,
      signal: controller.signal,
      ...(checkpoint === undefined ? {} : { resume: checkpoint }),
      onStart: ({ totalSteps, stepsDone }) => bars.start('train', totalSteps, stepsDone),
      onStep: (m) => bars.update('train', m.step, { epoch: m.epoch, loss: m.loss }),
      onEpoch: (m) => bars.log(formatEpoch(m, plan.train.epochs)),
    });
  } finally {
    bars.stop();
    release();
  }
  out.printJson(summary);
  const final = summary.final;
  if (summary.status === 'diverged') {
    out.warn(out.paint('red', `train: diverged at step ${summary.diverged?.step} (epoch ${summary.diverged?.epoch}): loss ${String(summary.diverged?.loss)}; try a smaller --lr`));
    return exitCodes.failed;
  }
  if (summary.status === 'stopped') {
    out.warn(`train: stopped after ${summary.steps} steps; checkpoint written; continue with: descent train --out ${dir} --resume`);
    return exitCodes.interrupted;
  }
  out.result(
    `${out.paint('green', 'done')}: ${summary.epochsDone} epochs, train loss ${lossText(final?.trainLoss)}, test loss ${lossText(final?.testLoss)}, test accuracy ${percent(final?.testAccuracy)} (${summary.seconds.toFixed(1)} s) -> ${dir}`,
  );
  return exitCodes.ok;
}
