import type { LeaderboardRow } from '@descent/race';

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(4).replace(/\.?0+$/, '');
}

/**
 * The leaderboard of `@descent/race` as an aligned text table for the terminal: rank,
 * label, steps to the minimum reached (within `tolerance`), final loss and point, the
 * nearest minimum and its distance, and the status.
 *
 * @param tolerance - the distance that counted as reached (shown in the header).
 * @param steps - the steps asked for (an unreached racer shows `> steps`).
 * @example
 * console.log(formatLeaderboard(leaderboard(surface, trajectories), reachTolerance(surface), 300));
 */
export function formatLeaderboard(rows: readonly LeaderboardRow[], tolerance: number, steps: number): string {
  const header = ['#', 'optimizer', `steps to ${fmt(tolerance)}`, 'final loss', 'final (x, y)', 'nearest minimum', 'status'];
  const lost = (r: LeaderboardRow): boolean => r.status === 'diverged' || r.status === 'refused';
  const body = rows.map((r, i) => [
    String(i + 1),
    r.label,
    r.nearest === null ? '-' : r.stepsToMinimum === null ? `> ${steps}` : String(r.stepsToMinimum),
    lost(r) ? '-' : fmt(r.finalLoss),
    lost(r) ? '-' : `(${fmt(r.finalX)}, ${fmt(r.finalY)})`,
    r.nearest === null ? '-' : `${r.nearest.kind} (${fmt(r.nearest.x)}, ${fmt(r.nearest.y)}) at ${fmt(r.distance)}`,
    r.status === 'diverged' || r.status === 'escaped' || r.status === 'refused' ? `${r.status}: ${r.reason ?? ''}` : r.status,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => (row[c] as string).length)));
  const line = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
