import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DescentError } from '@descent/core';
import { getSurface, surfaceNames } from '@descent/datasets';
import type { Surface } from '@descent/datasets';
import { checkRacers, leaderboard, racePresets, reachTolerance, runRace, withSurfaceLr } from '@descent/race';
import type { LeaderboardRow, Racer, Trajectory } from '@descent/race';
import { parseNumber, parsePoint, parsePositiveInt, parseSeed } from '../options/flagValues';
import { parseSetting } from '../options/parseSetting';
import { optimizerSpecSetting } from '../options/settingSpecs';
import { stopwatch } from '../render/stopwatch';
import type { Timing } from '../render/stopwatch';
import { writeFiles } from '../render/writeFiles';
import { formatLeaderboard } from './formatLeaderboard';
import { RACE_BOUNDS, checkRaceWork } from './raceBounds';
import { renderRace } from './renderRace';
import { trajectoriesCsv, trajectoriesJson } from './serializeTrajectories';

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
  /** Distance to a minimum that counts as reached (default: 1% of the view box's diagonal). */
  tolerance?: string;
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

/**
 * The surface called `name`.
 *
 * @throws DescentError `INVALID_ARGUMENT` naming the known surfaces.
 */
function raceSurface(name: string): Surface {
  if (!(surfaceNames as readonly string[]).includes(name)) {
    throw new DescentError('INVALID_ARGUMENT', `race: unknown surface '${name}', expected one of ${surfaceNames.join(', ')}`);
  }
  return getSurface(name);
}

/** Default gradient noise std for a bare `--noise`. */
const DEFAULT_NOISE = 1;

/**
 * `descent race`: checks every flag first, and the work and memory the race would take
 * against `RACE_BOUNDS` (a bad one fails before any work or file), runs the race of
 * `@descent/race`, ranks it, draws it and writes `trajectories.json`, `trajectories.csv`,
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
  const steps = flags.steps !== undefined ? parsePositiveInt('race', '--steps', flags.steps, RACE_BOUNDS.steps) : (preset?.steps ?? 300);
  const texts = flags.optimizer !== undefined && flags.optimizer.length > 0 ? flags.optimizer : undefined;
  // An --optimizer without lr gets the surface's tuned lr (see @descent/race's surfaceLr).
  const racers: Racer[] = texts !== undefined ? texts.map((text) => withSurfaceLr(parseSetting('race', optimizerSpecSetting, text) as Racer, surfaceName)) : [...(preset?.racers ?? [])];
  if (racers.length === 0) {
    throw new DescentError('INVALID_ARGUMENT', `race: expected at least one --optimizer (e.g. --optimizer adam:lr=0.1) or a --preset (${Object.keys(racePresets).join(', ')}), got none`);
  }
  const noise = flags.noise === undefined || flags.noise === false ? (preset?.noise ?? 0) : flags.noise === true ? DEFAULT_NOISE : parseNumber('race', '--noise', flags.noise, 0);
  const seed = flags.seed !== undefined ? parseSeed('race', flags.seed) : (preset?.seed ?? 0);
  const tolerance = flags.tolerance !== undefined ? parseNumber('race', '--tolerance', flags.tolerance, 0, true) : reachTolerance(base);
  const size = flags.size !== undefined ? parsePositiveInt('race', '--size', flags.size, RACE_BOUNDS.size) : 400;
  if (size < RACE_BOUNDS.minSize) throw new DescentError('INVALID_ARGUMENT', `race: --size must be at least ${RACE_BOUNDS.minSize}, got ${size}`);
  const levels = flags.levels !== undefined ? parsePositiveInt('race', '--levels', flags.levels, 100) : 24;
  const frames = flags.frames !== undefined ? parsePositiveInt('race', '--frames', flags.frames, RACE_BOUNDS.frames) : 60;
  const animation = flags.animation !== false;
  checkRaceWork({ steps, racers: racers.length, size, frames, animation });
  const out = flags.out ?? `race-${flags.preset ?? surfaceName}`;
  // Build every optimizer once before the race, so that bad options fail here.
  checkRacers(racers);

  const stop = stopwatch();
  const trajectories = runRace({ surface: base, start, steps, racers, noise, seed });
  const optimization = stop();
  const rows = leaderboard(base, trajectories, { tolerance });
  const title = `${base.title}${noise > 0 ? ` (gradient noise std ${noise}, seed ${seed})` : ''}`;
  const drawn = await renderRace(base, trajectories, { size, levels, title, animation: animation ? { frames } : false });
  const setup = { surface: surfaceName, start: [start[0], start[1]] as [number, number], steps, tolerance, noise, seed };
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
    leaderboard: formatLeaderboard(rows, tolerance, steps),
    files: written,
    timings: { optimization, ...drawn.timings },
  };
}
