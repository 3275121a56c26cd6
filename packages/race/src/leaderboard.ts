import type { Surface } from '@descent/datasets';
import { minimumAt, nearestMinimum, reachTolerance } from './raceRules';
import type { LeaderboardRow, Trajectory } from './raceTypes';

/** Options of {@link leaderboard}. */
export interface LeaderboardOptions {
  /** Distance to a minimum that counts as reached. Default: {@link reachTolerance} (1% of the view box's diagonal). */
  tolerance?: number;
}

/**
 * Ranks the racers. A racer reaches a minimum at the first step its point is within
 * `tolerance` of one of the surface's listed minima. The order: those that reached a global
 * minimum, fastest first; then those that escaped a surface without minima (a saddle),
 * soonest first; then the others by final loss (a racer caught in a local minimum among
 * them); then the diverged, then the refused. Ties keep the race's order.
 *
 * @example
 * const rows = leaderboard(surfaces.beale, runRace(scene));
 * rows[0].label; // the winner
 */
export function leaderboard(surface: Pick<Surface, 'minima' | 'viewBox'>, trajectories: readonly Trajectory[], options: LeaderboardOptions = {}): LeaderboardRow[] {
  const tolerance = options.tolerance ?? reachTolerance(surface);
  const rows = trajectories.map((t, index): LeaderboardRow => {
    const last = t.steps;
    const finalX = t.xs[last] as number;
    const finalY = t.ys[last] as number;
    let stepsToMinimum: number | null = null;
    let reached: LeaderboardRow['reached'] = null;
    if (t.outcome !== 'refused') {
      // The first arrival at a global minimum; failing that, the first at any listed one.
      for (let i = 0; i <= last; i++) {
        const m = surface.minima[minimumAt(surface, t.xs[i] as number, t.ys[i] as number, tolerance)];
        if (m === undefined || (reached !== null && m.kind !== 'global')) continue;
        if (reached === null || m.kind === 'global') {
          stepsToMinimum = i;
          reached = m;
        }
        if (m.kind === 'global') break;
      }
    }
    const lost = t.diverged || t.outcome === 'refused';
    const near = lost ? { minimum: null, distance: NaN } : nearestMinimum(surface, finalX, finalY);
    const endsAt = lost ? -1 : minimumAt(surface, finalX, finalY, tolerance);
    const status: LeaderboardRow['status'] =
      t.outcome === 'refused'
        ? 'refused'
        : t.diverged
          ? 'diverged'
          : t.escaped
            ? 'escaped'
            : stepsToMinimum === null
              ? 'not reached'
              : endsAt >= 0
                ? 'reached'
                : 'reached, then left';
    return {
      index,
      label: t.label,
      stepsToMinimum,
      reached,
      finalLoss: t.losses[last] as number,
      finalX,
      finalY,
      nearest: near.minimum,
      distance: near.distance,
      endsAt,
      steps: t.steps,
      outcome: t.outcome,
      status,
      ...(t.reason === undefined ? {} : { reason: t.reason }),
      ...(t.error === undefined ? {} : { reason: t.error }),
    };
  });
  const rank = (r: LeaderboardRow): [number, number] =>
    r.outcome === 'refused'
      ? [4, 0]
      : r.outcome === 'diverged'
        ? [3, 0]
        : r.reached?.kind === 'global'
          ? [0, r.stepsToMinimum as number]
          : r.outcome === 'escaped'
            ? [1, r.steps]
            : [2, Number.isFinite(r.finalLoss) ? r.finalLoss : Infinity];
  return rows
    .map((row) => ({ row, key: rank(row) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.row.index - b.row.index)
    .map(({ row }) => row);
}
