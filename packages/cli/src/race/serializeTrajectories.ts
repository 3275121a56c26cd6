import type { LeaderboardRow, Surface, Trajectory } from '@descent/race';

/** What a race was asked to do, written beside its results. */
export interface RaceSetup {
  surface: string;
  start: [number, number];
  steps: number;
  /** The distance to a minimum that counted as reached. */
  tolerance: number;
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
export function trajectoriesJson(setup: RaceSetup, surface: Surface, trajectories: readonly Trajectory[], rows: readonly LeaderboardRow[]): string {
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
        ...(t.schedule === '' ? {} : { schedule: t.schedule }),
        steps: t.steps,
        outcome: t.outcome,
        diverged: t.diverged,
        escaped: t.escaped,
        ...(t.reason === undefined ? {} : { reason: t.reason }),
        x: Array.from(t.xs),
        y: Array.from(t.ys),
        loss: Array.from(t.losses),
        lr: Array.from(t.lrs),
      })),
    },
    null,
    1,
  );
}

/**
 * A text field of a CSV file: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a
 * `'` before it, so that a spreadsheet shows the label instead of running it as a formula
 * (OWASP, "CSV Injection"); a field with a quote, comma or line break is quoted.
 *
 * @example
 * csvField('=HYPERLINK("x")'); // `"'=HYPERLINK(""x"")"`
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The trajectories as long-format CSV, one row per racer and step: `optimizer,step,x,y,loss`
 * (the label escaped by {@link csvField}).
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
