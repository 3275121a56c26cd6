import type { LeaderboardRow } from './leaderboard';
import type { RaceSurface, Trajectory } from './raceTypes';

/** What a race was asked to do, written beside its results. */
export interface RaceSetup {
  surface: string;
  start: [number, number];
  steps: number;
  eps: number;
  noise: number;
  seed: number;
}

/**
 * The race as JSON: the setup, the surface's minima, the leaderboard, and each trajectory
 * as arrays `x`, `y`, `loss` (index = step, 0 being the start).
 *
 * @example
 * writeFileSync('race.json', trajectoriesJson(setup, surface, trajectories, rows));
 */
export function trajectoriesJson(setup: RaceSetup, surface: RaceSurface, trajectories: readonly Trajectory[], rows: readonly LeaderboardRow[]): string {
  return JSON.stringify(
    {
      format: 'descent-race',
      version: 1,
      ...setup,
      minima: surface.minima,
      leaderboard: rows,
      trajectories: trajectories.map((t) => ({
        label: t.label,
        optimizer: t.optimizer,
        options: t.options,
        steps: t.steps,
        diverged: t.diverged,
        escaped: t.escaped,
        ...(t.reason === undefined ? {} : { reason: t.reason }),
        x: Array.from(t.xs),
        y: Array.from(t.ys),
        loss: Array.from(t.losses),
      })),
    },
    null,
    1,
  );
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The trajectories as long-format CSV, one row per racer and step: `optimizer,step,x,y,loss`.
 *
 * @example
 * writeFileSync('race.csv', trajectoriesCsv(trajectories));
 */
export function trajectoriesCsv(trajectories: readonly Trajectory[]): string {
  const lines = ['optimizer,step,x,y,loss'];
  for (const t of trajectories) {
    const label = csvField(t.label);
    for (let i = 0; i <= t.steps; i++) lines.push(`${label},${i},${t.xs[i]},${t.ys[i]},${t.losses[i]}`);
  }
  return `${lines.join('\n')}\n`;
}
