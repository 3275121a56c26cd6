import type { Surface } from '@descent/datasets';
import { surfaces } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import { leaderboard } from './leaderboard';
import { runRace } from './runRace';
import type { Trajectory } from './raceTypes';

const surface: Surface = {
  name: 'bowl',
  title: 'bowl',
  formula: '',
  f: (x, y) => (x - 1) ** 2 + (y + 2) ** 2,
  grad: () => undefined,
  viewBox: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  starts: [],
  minima: [
    { x: 1, y: -2, value: 0, kind: 'global' },
    { x: -3, y: 3, value: 1, kind: 'local' },
  ],
};

function path(label: string, points: Array<[number, number]>, extra: Partial<Trajectory> = {}): Trajectory {
  const n = points.length;
  return {
    label,
    optimizer: label,
    options: {},
    schedule: '',
    xs: Float64Array.from(points.map((p) => p[0])),
    ys: Float64Array.from(points.map((p) => p[1])),
    losses: Float64Array.from(points.map(([x, y]) => surface.f(x, y))),
    lrs: new Float64Array(n),
    steps: n - 1,
    outcome: 'ran',
    diverged: false,
    escaped: false,
    ...extra,
  };
}

describe('leaderboard', () => {
  it('ranks global arrivals by steps, then the others by final loss, the diverged and the refused last', () => {
    // The tolerance is 1% of the diagonal of the 10 x 10 view: 0.1414.
    const rows = leaderboard(surface, [
      path('slow', [[0, 0], [0.5, -1], [0.8, -1.8], [0.95, -1.95]]),
      path('fast', [[0, 0], [1.05, -2], [1, -2], [1, -2]]),
      path('local', [[0, 0], [-2.95, 2.95], [-3, 3], [-3, 3]]),
      path('stuck', [[0, 0], [0.1, 0], [0.2, 0], [0.3, 0]]),
      path('wild', [[0, 0], [90, 90]], { outcome: 'diverged', diverged: true, reason: 'left the view box (x10) at step 1' }),
      path('refused', [[0, 0]], { outcome: 'refused', error: 'sgd: lr must be >= 0, got -1' }),
    ]);
    expect(rows.map((r) => r.label)).toEqual(['fast', 'slow', 'stuck', 'local', 'wild', 'refused']);
    expect(rows[0]).toMatchObject({ index: 1, stepsToMinimum: 1, finalLoss: 0, reached: { kind: 'global' }, endsAt: 0, status: 'reached' });
    // (0.8, -1.8) is 0.283 away, (0.95, -1.95) 0.0707.
    expect(rows[1]).toMatchObject({ stepsToMinimum: 3, status: 'reached' });
    // A local minimum counts as reached, but ranks by its loss (here 41, the bowl's) among those that found no global one.
    expect(rows[2]).toMatchObject({ stepsToMinimum: null, nearest: { kind: 'global' }, endsAt: -1, status: 'not reached' });
    expect(rows[2]!.distance).toBeCloseTo(Math.hypot(0.7, 2), 12);
    expect(rows[3]).toMatchObject({ stepsToMinimum: 1, reached: { kind: 'local', x: -3, y: 3 }, endsAt: 1, status: 'reached', finalLoss: 41 });
    expect(rows[4]).toMatchObject({ status: 'diverged', nearest: null, reason: 'left the view box (x10) at step 1' });
    expect(rows[5]).toMatchObject({ status: 'refused', reason: 'sgd: lr must be >= 0, got -1' });
    const [wander] = leaderboard(surface, [path('wander', [[0, 0], [1, -2], [1.5, -2]])]);
    expect(wander!.status).toBe('reached, then left');
    // A tighter tolerance given explicitly.
    expect(leaderboard(surface, [path('slow', [[0, 0], [0.95, -1.95]])], { tolerance: 0.05 })[0]!.stepsToMinimum).toBeNull();
  });

  it('prefers a later global arrival to an earlier local one on the way', () => {
    const [row] = leaderboard(surface, [path('tour', [[0, 0], [-3, 3], [1, -2]])]);
    expect(row).toMatchObject({ stepsToMinimum: 2, reached: { kind: 'global' } });
  });

  it("takes Adam (lr 0.1) from Beale's usual start to the minimum (3, 0.5) within 400 steps", () => {
    const start = surfaces.beale.starts[0]!;
    expect(start).toEqual([0.7, 1.4]);
    const trajectories = runRace({ surface: surfaces.beale, start, steps: 500, racers: [{ name: 'adam', options: { lr: 0.1 }, label: 'adam' }] });
    const [row] = leaderboard(surfaces.beale, trajectories);
    expect(row!.reached).toEqual(surfaces.beale.minima[0]);
    expect(row!.stepsToMinimum!).toBeLessThanOrEqual(400);
    expect(row!.finalLoss).toBeLessThan(1e-6);
  });

  it('takes momentum (lr 0.001, 0.9) on Rosenbrock from (-1.2, 1) to (1, 1) within 1100 steps, where plain SGD does not get there in 3000', () => {
    const trajectories = runRace({
      surface: surfaces.rosenbrock,
      start: [-1.2, 1],
      steps: 3000,
      racers: [
        { name: 'sgd', options: { lr: 0.001 }, label: 'sgd' },
        { name: 'momentum', options: { lr: 0.001, momentum: 0.9 }, label: 'momentum' },
      ],
    });
    const rows = leaderboard(surfaces.rosenbrock, trajectories);
    expect(rows.map((r) => r.label)).toEqual(['momentum', 'sgd']);
    expect(rows[0]!.stepsToMinimum!).toBeLessThanOrEqual(1100);
    expect(rows[0]!.reached).toMatchObject({ x: 1, y: 1 });
    expect(rows[1]!.stepsToMinimum).toBeNull();
  });
});
