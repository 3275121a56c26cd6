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

/**
 * The playground's compute layer: runs every run of `input` with `@descent/race` (the
 * same engine and the same rules as `descent race`: each racer moves one cpu tensor of shape
 * [2] with its optimizer, fed the surface's analytic gradient plus seeded noise) and ranks
 * them. A run whose options are refused gets `outcome: 'refused'` and its message, no path.
 *
 * @example
 * const { trajectories, rows } = computeRace({ surface, start: [-1, 1], steps: 500, noise: 0, seed: 1, runs });
 */
export function computeRace(input: RaceInput): RaceResult {
  const trajectories = runRace({ surface: input.surface, start: input.start, steps: input.steps, noise: input.noise, seed: input.seed, racers: input.runs.map(racerOf) });
  return { trajectories, rows: leaderboard(input.surface, trajectories) };
}
