import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raceCli } from '@descent/cli';
import { getSurface } from '@descent/datasets';
import { racePresets } from '@descent/race';
import type { LeaderboardRow } from '@descent/race';
import { computeRace } from './computeRace';
import type { RunSpec } from '../state/runSpec';

/** A row without its label (the CLI labels a racer by its spec or label=, the playground by its card). */
function comparable(row: LeaderboardRow): Omit<LeaderboardRow, 'label'> {
  const { label: _, ...rest } = row;
  return rest;
}

describe('the same scene through `descent race` and the playground', () => {
  it.each(['beale', 'valley', 'saddle'])('the %s preset gets the same leaderboard from raceCli and computeRace', async (name) => {
    const preset = racePresets[name]!;
    const out = mkdtempSync(join(tmpdir(), 'descent-race-same-'));
    try {
      // The CLI, from its flags: every racer spelled as a user types it.
      const spec = (r: (typeof preset.racers)[number]): string =>
        `${r.name}:${Object.entries(r.options)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(',')}`;
      const cli = await raceCli({ surface: preset.surface, start: preset.start.join(','), steps: String(preset.steps), optimizer: preset.racers.map(spec), animation: false, out });
      // The playground, from its runs (what a link's opt= entries decode to).
      const runs: RunSpec[] = preset.racers.map((r) => ({ name: r.name, options: { ...r.options } as RunSpec['options'], schedule: '' }));
      const view = computeRace({ surface: getSurface(preset.surface), start: preset.start, steps: preset.steps, noise: 0, seed: 0, runs });
      expect(view.rows.map(comparable)).toEqual(cli.rows.map(comparable));
      expect(view.rows.map((r) => r.index)).toEqual(cli.rows.map((r) => r.index));
      // Not a trivial race: several outcomes and orders differ from the input order.
      expect(new Set(view.rows.map((r) => r.status)).size).toBeGreaterThan(1);
      for (const [i, t] of view.trajectories.entries()) expect(Array.from(t.xs)).toEqual(Array.from(cli.trajectories[i]!.xs));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('also with gradient noise, a schedule-free seed, and a run the CLI and the view both refuse', async () => {
    const out = mkdtempSync(join(tmpdir(), 'descent-race-same-'));
    try {
      const cli = await raceCli({ surface: 'himmelblau', start: '-4,4', steps: '300', noise: '1.5', seed: '3', optimizer: ['adam:lr=0.05', 'sgd:lr=0.01,momentum=0.9', 'rmsprop:lr=0.01'], animation: false, out });
      const view = computeRace({
        surface: getSurface('himmelblau'),
        start: [-4, 4],
        steps: 300,
        noise: 1.5,
        seed: 3,
        runs: [
          { name: 'adam', options: { lr: 0.05 }, schedule: '' },
          { name: 'sgd', options: { lr: 0.01, momentum: 0.9 }, schedule: '' },
          { name: 'rmsprop', options: { lr: 0.01 }, schedule: '' },
        ],
      });
      expect(view.rows.map(comparable)).toEqual(cli.rows.map(comparable));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('computeRace (the playground over @descent/race)', () => {
  it('labels each racer by its card, applies its schedule, and reports a refused option instead of throwing', () => {
    const { trajectories, rows } = computeRace({
      surface: getSurface('quadratic'),
      start: [2.5, 2.5],
      steps: 40,
      noise: 0,
      seed: 1,
      runs: [
        { name: 'sgd', options: { lr: 0.1 }, schedule: 'step:10:0.5' },
        { name: 'sgd', options: { nesterov: true }, schedule: '' },
      ],
    });
    expect(trajectories[0]!.label).toBe('SGD lr=0.1 · step:10:0.5');
    expect(trajectories[0]!.lrs[10]).toBeCloseTo(0.05, 12);
    expect(trajectories[1]!.outcome).toBe('refused');
    expect(trajectories[1]!.error).toMatch(/nesterov/);
    expect(rows.map((r) => [r.index, r.status])).toEqual([[0, 'not reached'], [1, 'refused']]);
  });
});

describe('computeRace with a cache', () => {
  it('reruns only the racer that changed, and gives the same numbers as a fresh race', () => {
    const surface = getSurface('himmelblau');
    const runs: RunSpec[] = [
      { name: 'sgd', options: { lr: 0.005 }, schedule: '' },
      { name: 'adam', options: { lr: 0.1 }, schedule: '' },
    ];
    const input = { surface, start: [0, 0] as const, steps: 200, noise: 0.5, seed: 2, runs };
    const cache = new Map();
    const first = computeRace(input, cache);
    const changed = { ...input, runs: [runs[0]!, { name: 'adam', options: { lr: 0.05 }, schedule: '' }] };
    const second = computeRace(changed, cache);
    expect(second.trajectories[0]).toBe(first.trajectories[0]); // not rerun
    expect(second.trajectories[1]).not.toBe(first.trajectories[1]);
    expect(cache.size).toBe(2);
    const fresh = computeRace(changed);
    expect(second.trajectories).toEqual(fresh.trajectories);
    expect(second.rows).toEqual(fresh.rows);
  });
});
