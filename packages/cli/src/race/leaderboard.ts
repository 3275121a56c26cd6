import type { RaceSurface, SurfaceMinimum, Trajectory } from './raceTypes';


/** One row of the race's leaderboard. */
export interface LeaderboardRow {
  label: string;
  /** First step at which the point was within `eps` of `minimum` (0: the start); null if never. */
  stepsToEps: number | null;
  finalLoss: number;
  finalX: number;
  finalY: number;
  /** The minimum nearest to the final point; null for a surface without listed minima. */
  minimum: SurfaceMinimum | null;
  /** Distance from the final point to `minimum`. */
  distance: number;
  diverged: boolean;
  /** Left the view box of a surface unbounded below (see {@link Trajectory.escaped}). */
  escaped: boolean;
  /** Updates applied before it stopped. */
  steps: number;
  reason?: string;
}

function nearest(minima: readonly SurfaceMinimum[], x: number, y: number): { minimum: SurfaceMinimum | null; distance: number } {
  let best: SurfaceMinimum | null = null;
  let distance = Infinity;
  for (const m of minima) {
    const d = Math.hypot(x - m.x, y - m.y);
    if (d < distance) {
      distance = d;
      best = m;
    }
  }
  return { minimum: best, distance };
}

/**
 * Ranks the racers: those that came within `eps` (Euclidean distance in the plane) of the
 * minimum nearest their final point, fastest first; then those that escaped a surface
 * unbounded below (a saddle), soonest first; then the others by final loss; the diverged last.
 *
 * @param eps - the radius around a minimum that counts as reached. Default 1e-2.
 * @example
 * const rows = leaderboard(beale, trajectories, 1e-2);
 */
export function leaderboard(surface: RaceSurface, trajectories: readonly Trajectory[], eps = 1e-2): LeaderboardRow[] {
  const rows = trajectories.map((t): LeaderboardRow => {
    const last = t.steps;
    const finalX = t.xs[last]!;
    const finalY = t.ys[last]!;
    const { minimum, distance } = t.diverged ? { minimum: null, distance: NaN } : nearest(surface.minima, finalX, finalY);
    let stepsToEps: number | null = null;
    if (minimum !== null) {
      for (let i = 0; i <= last; i++) {
        if (Math.hypot(t.xs[i]! - minimum.x, t.ys[i]! - minimum.y) <= eps) {
          stepsToEps = i;
          break;
        }
      }
    }
    return {
      label: t.label,
      stepsToEps,
      finalLoss: t.losses[last]!,
      finalX,
      finalY,
      minimum,
      distance,
      diverged: t.diverged,
      escaped: t.escaped,
      steps: t.steps,
      ...(t.reason === undefined ? {} : { reason: t.reason }),
    };
  });
  const rank = (r: LeaderboardRow): [number, number] =>
    r.diverged
      ? [3, 0]
      : r.stepsToEps !== null
        ? [0, r.stepsToEps]
        : r.escaped
          ? [1, r.steps]
          : [2, Number.isFinite(r.finalLoss) ? r.finalLoss : Infinity];
  return rows.sort((a, b) => {
    const [ga, va] = rank(a);
    const [gb, vb] = rank(b);
    return ga - gb || va - vb;
  });
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(4).replace(/\.?0+$/, '');
}

/**
 * The leaderboard as an aligned text table for the terminal.
 *
 * @example
 * console.log(formatLeaderboard(rows, 1e-2, 300));
 */
export function formatLeaderboard(rows: readonly LeaderboardRow[], eps: number, steps: number): string {
  const header = ['#', 'optimizer', `steps to ${eps}`, 'final loss', 'final (x, y)', 'nearest minimum', 'status'];
  const body = rows.map((r, i) => [
    String(i + 1),
    r.label,
    r.minimum === null ? '-' : r.stepsToEps === null ? `> ${steps}` : String(r.stepsToEps),
    r.diverged ? '-' : fmt(r.finalLoss),
    r.diverged ? '-' : `(${fmt(r.finalX)}, ${fmt(r.finalY)})`,
    r.minimum === null ? '-' : `${r.minimum.kind} (${fmt(r.minimum.x)}, ${fmt(r.minimum.y)}) at ${fmt(r.distance)}`,
    r.diverged
      ? `diverged: ${r.reason ?? ''}`
      : r.escaped
        ? `escaped: ${r.reason ?? ''}`
        : r.stepsToEps === null
          ? 'not reached'
          : r.distance <= eps
            ? 'reached'
            : 'reached, then left',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
