import { DescentError } from '@descent/core';
import { initBackend } from '@descent/train';
import { loadData } from '../data/loadData';
import { exitCodes } from '../exitCodes';
import { formatEpoch, lossText, percent } from '../formatMetrics';
import { collectSettings } from '../options/collectSettings';
import { readConfigFile } from '../options/readConfigFile';
import { resolveRun } from '../options/resolveRun';
import { createOutput } from '../output';
import type { Output } from '../output';
import { claimOutDir } from '../run/claimOutDir';
import { createProgressBars } from '../progressBars';
import { checkOutDir, createOutDir, defaultOutDir } from '../run/prepareOutDir';
import { configSchema, readCheckpoint, readRunJson, runFiles } from '../run/runFiles';
import { trainInFolder } from '../run/trainInFolder';
import { removeStaleTemporaries } from '../run/writeFileAtomic';
import { backendLine } from '../backendLine';
import { optimizerPartsLine } from '../options/optimizerSpec';
import { invocation } from '../invocation';
import { onInterrupt } from '../onInterrupt';

/**
 * The flags of `descent train`: its own, and the experiment's settings by key as typed
 * (`{ lr: '0.1', hidden: '256,128' }`; see `settingSpecs`).
 */
export interface TrainFlags {
  config?: string;
  out?: string;
  resume?: boolean;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  [setting: string]: string | boolean | undefined;
}

/**
 * The body of `descent train` (loaded when the command runs, so that `--help` and usage
 * errors start fast): validates, loads the data, trains into the run folder, prints, and
 * returns the exit code.
 *
 * @example
 * process.exitCode = await trainCli({ dataset: 'moons', epochs: '2', out: 'runs/moons' });
 * @throws DescentError for bad input (nothing is written then)
 */
export async function trainCli(flags: TrainFlags): Promise<number> {
  const out = createOutput(flags);
  const config = flags.config === undefined ? undefined : readConfigFile('train', flags.config);
  const labels = new Map<string, string>();
  const given = collectSettings('train', flags, config, { lists: false }, labels);
  const dir = flags.out ?? config?.out ?? defaultOutDir('train');
  const resume = flags.resume === true;
  // Claimed before anything is read or loaded: a second run into this folder is refused now.
  const claim = claimOutDir('train', dir);
  try {
    return await trainInClaimedFolder({ out, labels, given, dir, resume, force: flags.force === true });
  } finally {
    claim.release();
  }
}

interface ClaimedRun {
  out: Output;
  labels: ReadonlyMap<string, string>;
  given: ReadonlyMap<string, unknown[]>;
  dir: string;
  resume: boolean;
  force: boolean;
}

async function trainInClaimedFolder({ out, labels, given, dir, resume, force }: ClaimedRun): Promise<number> {
  checkOutDir('train', dir, { resume, force });
  // What a kill -9 left half-written (never renamed into place) goes first.
  if (resume) removeStaleTemporaries(dir);
  let settings: Record<string, unknown> = Object.fromEntries([...given].map(([key, values]) => [key, values[0]]));
  if (resume) {
    const saved = readRunJson(dir, runFiles.config, { command: 'train', schema: configSchema });
    settings = { ...(saved?.settings ?? {}), ...settings };
  }
  const plan = resolveRun('train', settings, 'run', labels);
  const checkpoint = resume ? readCheckpoint(dir, 'train') : undefined;
  if (resume && checkpoint === undefined) {
    throw new DescentError('NOT_FOUND', `train: --resume: '${dir}' has no ${runFiles.checkpoint} (the run never finished an epoch nor was stopped)`, { details: { field: '--resume' } });
  }
  const loaded = await loadData('train', plan.data, { shared: false, seed: 0 });
  plan.train.classes = loaded.classes;
  const backend = await initBackend(plan.backend);
  out.info(`${loaded.description}; ${backendLine(backend)}`);
  createOutDir('train', dir, { force });

  const bars = createProgressBars(out);
  const controller = new AbortController();
  const release = onInterrupt(() => {
    bars.log('interrupted: finishing the batch and writing the checkpoint (Ctrl-C again to quit at once)');
    controller.abort();
  });
  // Printed once Ctrl-C is handled, so that a signal after this line always leaves a checkpoint.
  out.info(`${resume ? 'resuming' : 'writing'} ${dir}`);
  let summary;
  try {
    summary = await trainInFolder({
      plan,
      data: loaded.data,
      dir,
      backend,
      signal: controller.signal,
      ...(checkpoint === undefined ? {} : { resume: checkpoint }),
      onStart: ({ totalSteps, stepsDone, optimizerParts }) => {
        if (optimizerParts !== null) out.info(optimizerPartsLine(optimizerParts));
        bars.start('train', totalSteps, stepsDone);
      },
      onStep: (m) => bars.update('train', m.step, { epoch: m.epoch, loss: m.runningLoss }),
      onEpoch: (m) => bars.log(formatEpoch(m, plan.train.epochs)),
    });
  } finally {
    bars.stop();
    release();
  }
  out.printJson(summary);
  const final = summary.final;
  if (summary.status === 'diverged') {
    out.warn(out.paint('red', `train: diverged at step ${summary.diverged?.step} (epoch ${summary.diverged?.epoch}): loss ${String(summary.diverged?.loss)}; try a smaller --lr`, 'stderr'));
    return exitCodes.failed;
  }
  if (summary.status === 'stopped') {
    out.warn(`train: stopped after ${summary.steps} steps; checkpoint written; continue with: ${invocation()} train --out ${dir} --resume`);
    return exitCodes.interrupted;
  }
  out.result(
    `${out.paint('green', 'done', 'stdout')}: ${summary.epochsDone} epochs, train loss ${lossText(final?.trainLoss)}, test loss ${lossText(final?.testLoss)}, test accuracy ${percent(final?.testAccuracy)} (${summary.seconds.toFixed(1)} s) -> ${dir}`,
  );
  return exitCodes.ok;
}
