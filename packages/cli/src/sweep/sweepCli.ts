import { collectSettings } from '../options/collectSettings';
import { flagInteger } from '../options/parseFlag';
import { readConfigFile } from '../options/readConfigFile';
import { createOutput } from '../output';
import { defaultOutDir } from '../run/prepareOutDir';
import { executeSweep } from './executeSweep';
import { resolveShard } from './resolveShard';
import type { SweepResult } from './runSweep';

/**
 * The flags of `descent sweep`: its own, and the experiment's settings by key as typed,
 * any of them a list (`{ lr: '0.01,0.1', hidden: '200/100,100' }`; see `settingSpecs`).
 */
export interface SweepFlags {
  config?: string;
  out?: string;
  resume?: boolean;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
  /** `INDEX/COUNT`: run only that slice of the grid (default: from a Slurm job array's or a Kubernetes Indexed Job's environment, else the whole grid). */
  shard?: string;
  [setting: string]: string | boolean | undefined;
}

/** What `descent sweep` did: the runs' summaries and the exit code it ends with. */
export interface SweepCliResult {
  result: SweepResult;
  exitCode: number;
}

/**
 * The body of `descent sweep`: every combination of the settings' lists is one run in its
 * own folder under `--out`, trained on worker threads (`executeSweep`), then the report. With
 * a shard (`--shard`, or a Slurm array's or Kubernetes Indexed Job's environment: see
 * `resolveShard`) only its slice of the grid runs, beside the other shards' in the same folder.
 *
 * @example
 * const { exitCode } = await sweepCli({ dataset: 'moons', lr: '0.01,0.1', epochs: '2', out: 'runs/grid' });
 * @throws DescentError for bad input (nothing is written then)
 */
export async function sweepCli(flags: SweepFlags): Promise<SweepCliResult> {
  const out = createOutput(flags);
  const shard = resolveShard('sweep', flags.shard);
  const config = flags.config === undefined ? undefined : readConfigFile('sweep', flags.config);
  const labels = new Map<string, string>();
  const alternatives = collectSettings('sweep', flags, config, { lists: true }, labels);
  const overrides: Record<string, unknown> = {};
  const epochs = alternatives.get('epochs');
  if (flags.resume === true && epochs !== undefined && flags.epochs !== undefined) overrides.epochs = epochs[0];
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
    ...(shard === undefined ? {} : { shard }),
  });
  out.printJson(result);
  return { result, exitCode };
}
