import { leaderboard, runRace, type LeaderboardRow, type Racer, type Trajectory } from '@descent/race';
import type { Surface } from '@descent/datasets';
import type { RunSpec } from '../state/runSpec';
import { runLabel } from '../ui/runLabel';

/** What the race view races: the state's surface, start, steps, noise and runs. */
export interface RaceInput {
  surface: Surface;
  start: readonly [number, number];
  steps: number;
  noise: number;
  seed: number;
  runs: readonly RunSpec[];
}

/** The race and its leaderboard (rows ranked; `row.index` is the run's). */
export interface RaceResult {
  trajectories: Trajectory[];
  rows: LeaderboardRow[];
}

/** A run of the view as a racer of `@descent/race`: its registry name, options, schedule and label. */
export function racerOf(run: RunSpec): Racer {
  return { name: run.name, options: run.options, label: runLabel(run), schedule: run.schedule };
}

/** Trajectories of earlier races by racer and scene: {@link computeRace} reruns only the racers not in it. */
export type RaceCache = Map<string, Trajectory>;

/**
 * The playground's compute layer: runs every run of `input` with `@descent/race` (the
 * same engine and the same rules as `descent race`: each racer moves one cpu tensor of shape
 * [1, 2] with its optimizer, fed the surface's analytic gradient plus seeded noise) and ranks
 * them. A run whose options are refused gets `outcome: 'refused'` and its message, no path.
 * With `cache`, a racer whose scene and options are unchanged is not rerun (every racer has
 * its own copy of the noise stream, so one racer's path depends on nothing else); the cache is
 * replaced by this race's trajectories.
 *
 * @example
 * const cache: RaceCache = new Map();
 * const { trajectories, rows } = computeRace({ surface, start: [-1, 1], steps: 500, noise: 0, seed: 1, runs }, cache);
 */
export function computeRace(input: RaceInput, cache?: RaceCache): RaceResult {
  const scene = { surface: input.surface, start: input.start, steps: input.steps, noise: input.noise, seed: input.seed };
  const fresh: RaceCache = new Map();
  const trajectories = input.runs.map((run) => {
    const racer = racerOf(run);
    const key = JSON.stringify([input.surface.name, input.start, input.steps, input.noise, input.seed, racer]);
    const trajectory = cache?.get(key) ?? fresh.get(key) ?? (runRace({ ...scene, racers: [racer] })[0] as Trajectory);
    fresh.set(key, trajectory);
    return trajectory;
  });
  if (cache !== undefined) {
    cache.clear();
    for (const [key, t] of fresh) cache.set(key, t);
  }
  return { trajectories, rows: leaderboard(input.surface, trajectories) };
}
