import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DescentError } from '@descent/core';
import { createRacer, noisySurface, raceSurface, racerSpec } from './catalog';
import { formatLeaderboard, leaderboard } from './leaderboard';
import type { LeaderboardRow } from './leaderboard';
import { parseNumber, parsePoint, parsePositiveInt, parseSeed } from './parseArguments';
import { racePresets } from './presets';
import { renderRace } from './renderRace';
import { runRace } from './runRace';
import type { Trajectory } from './raceTypes';
import { trajectoriesCsv, trajectoriesJson } from './serializeTrajectories';
import { stopwatch } from '../render/stopwatch';
import type { Timing } from '../render/stopwatch';
import { writeFiles } from '../render/writeFiles';

/** The flags of `descent race`, as text (commander gives them so). */
export interface RaceFlags {
  preset?: string;
  surface?: string;
  start?: string;
  steps?: string;
  optimizer?: string[];
  /** Gradient noise std; `true` when the flag is given without a value. */
  noise?: string | boolean;
  seed?: string;
  eps?: string;
  out?: string;
  animation?: boolean;
  frames?: string;
  size?: string;
  levels?: string;
}

/** What `descent race` did. */
export interface RaceResult {
  trajectories: Trajectory[];
  rows: LeaderboardRow[];
  leaderboard: string;
  files: string[];
  /** Wall and CPU milliseconds: the optimizers' steps, the contour grid, and the drawing (picture, animation, loss chart). */
  timings: { optimization: Timing; grid: Timing; picture: Timing; animation: Timing; lossChart: Timing };
}

/** Default gradient noise std for a bare `--noise`. */
const DEFAULT_NOISE = 1;

/**
 * `descent race`: checks every flag first (a bad one fails before any work or file), runs
 * the race, ranks it, draws it and writes `trajectories.json`, `trajectories.csv`,
 * `race.svg`, `race.png`, `race.gif`, `loss.svg` and `loss.png` into `--out`.
 *
 * @throws DescentError `INVALID_ARGUMENT` (or the optimizers' `INVALID_HYPERPARAMETER`) for bad input.
 * @example
 * const result = await raceCli({ preset: 'beale', out: 'race-beale' });
 */
export async function raceCli(flags: RaceFlags): Promise<RaceResult> {
  const preset = flags.preset === undefined ? undefined : racePresets[flags.preset];
  if (flags.preset !== undefined && preset === undefined) {
    throw new DescentError('INVALID_ARGUMENT', `race: unknown preset '${flags.preset}', expected one of ${Object.keys(racePresets).join(', ')}`);
  }
  const surfaceName = flags.surface ?? preset?.surface ?? 'beale';
  const base = raceSurface(surfaceName);
  const start = flags.start !== undefined ? parsePoint('race', '--start', flags.start) : (preset?.start ?? base.starts[0] ?? [0, 0]);
  const box = base.viewBox;
  if (start[0] < box.xMin || start[0] > box.xMax || start[1] < box.yMin || start[1] > box.yMax) {
    throw new DescentError(
      'INVALID_ARGUMENT',
      `race: --start (${start[0]}, ${start[1]}) is outside ${surfaceName}'s view box [${box.xMin}, ${box.xMax}] x [${box.yMin}, ${box.yMax}]`,
    );
  }
  const steps = flags.steps !== undefined ? parsePositiveInt('race', '--steps', flags.steps) : (preset?.steps ?? 300);
  const texts = flags.optimizer !== undefined && flags.optimizer.length > 0 ? flags.optimizer : (preset?.optimizers ?? []);
  if (texts.length === 0) {
    throw new DescentError('INVALID_ARGUMENT', `race: expected at least one --optimizer (e.g. --optimizer adam:lr=0.1) or a --preset (${Object.keys(racePresets).join(', ')}), got none`);
  }
  const specs = texts.map(racerSpec);
  const noise = flags.noise === undefined || flags.noise === false ? 0 : flags.noise === true ? DEFAULT_NOISE : parseNumber('race', '--noise', flags.noise, 0);
  const seed = flags.seed !== undefined ? parseSeed('race', flags.seed) : 0;
  const eps = flags.eps !== undefined ? parseNumber('race', '--eps', flags.eps, 0, true) : 1e-2;
  const size = flags.size !== undefined ? parsePositiveInt('race', '--size', flags.size) : 400;
  const levels = flags.levels !== undefined ? parsePositiveInt('race', '--levels', flags.levels) : 24;
  if (levels > 100) throw new DescentError('INVALID_ARGUMENT', `race: --levels must be at most 100, got ${levels}`);
  const frames = flags.frames !== undefined ? parsePositiveInt('race', '--frames', flags.frames) : 60;
  const out = flags.out ?? `race-${flags.preset ?? surfaceName}`;
  // Build every optimizer once before the race, so that bad options fail here.
  for (const spec of specs) runRace(base, start, [spec], 1, { createOptimizer: createRacer });

  const stop = stopwatch();
  const surfaceFor = noise > 0 ? () => noisySurface(base, noise, seed) : undefined;
  const trajectories = runRace(base, start, specs, steps, { createOptimizer: createRacer, ...(surfaceFor === undefined ? {} : { surfaceFor }) });
  const optimization = stop();
  const rows = leaderboard(base, trajectories, eps);
  const title = `${base.title}${noise > 0 ? ` (gradient noise std ${noise}, seed ${seed})` : ''}`;
  const drawn = await renderRace(base, trajectories, { size, levels, title, animation: flags.animation === false ? false : { frames } });
  const setup = { surface: surfaceName, start: [start[0], start[1]] as [number, number], steps, eps, noise, seed };
  const files: Record<string, string | Uint8Array> = {
    'trajectories.json': trajectoriesJson(setup, base, trajectories, rows),
    'trajectories.csv': trajectoriesCsv(trajectories),
    'race.svg': drawn.svg,
    'race.png': drawn.png.png,
  };
  if (drawn.gif !== undefined) files['race.gif'] = drawn.gif;
  if (drawn.lossSvg !== undefined && drawn.lossPng !== undefined) {
    files['loss.svg'] = drawn.lossSvg;
    files['loss.png'] = drawn.lossPng.png;
  }
  const written = writeFiles(out, files);
  // A GIF left by an earlier race in the same folder would no longer match the other files.
  if (drawn.gif === undefined) rmSync(join(out, 'race.gif'), { force: true });
  return {
    trajectories,
    rows,
    leaderboard: formatLeaderboard(rows, eps, steps),
    files: written,
    timings: { optimization, ...drawn.timings },
  };
}
