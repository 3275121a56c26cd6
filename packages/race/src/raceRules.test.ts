import { getSurface, surfaceNames } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import { leaderboard } from './leaderboard';
import { DIVERGENCE_FACTOR, minimumAt, nearestMinimum, reachTolerance } from './raceRules';
import { runRace } from './runRace';

const withMinima = surfaceNames.map((name) => getSurface(name)).filter((s) => s.minima.length > 0);

describe('what "reached" means, on every surface of @descent/datasets', () => {
  it('covers the surfaces that have minima', () => {
    expect(withMinima.length).toBeGreaterThanOrEqual(12);
  });

  it.each(withMinima.map((s) => [s.name, s] as const))('%s: the tolerance (1%% of the diagonal) tells every pair of listed minima apart', (_, surface) => {
    const tolerance = reachTolerance(surface);
    const b = surface.viewBox;
    expect(tolerance).toBeCloseTo(0.01 * Math.hypot(b.xMax - b.xMin, b.yMax - b.yMin), 12);
    for (const [i, a] of surface.minima.entries()) {
      // Inside the view, and its own nearest minimum at distance 0.
      expect(a.x >= b.xMin && a.x <= b.xMax && a.y >= b.yMin && a.y <= b.yMax).toBe(true);
      expect(minimumAt(surface, a.x, a.y)).toBe(i);
      for (const other of surface.minima.slice(i + 1)) {
        // Two disks of radius `tolerance` around distinct minima never overlap.
        expect(Math.hypot(a.x - other.x, a.y - other.y)).toBeGreaterThan(2 * tolerance);
      }
      // Just inside the disk it is reached, just outside it is not.
      expect(minimumAt(surface, a.x + 0.99 * tolerance, a.y)).toBe(i);
      expect(minimumAt(surface, a.x + 1.01 * tolerance, a.y)).toBe(-1);
    }
  });

  it.each(withMinima.map((s) => [s.name, s] as const))('%s: no suggested start is already at a minimum', (_, surface) => {
    for (const [x, y] of surface.starts) expect(minimumAt(surface, x, y)).toBe(-1);
  });

  it.each(withMinima.map((s) => [s.name, s] as const))('%s: a racer started on a listed minimum has reached it at step 0 and stays (the gradient vanishes there)', (_, surface) => {
    for (const [i, m] of surface.minima.entries()) {
      const trajectories = runRace({ surface, start: [m.x, m.y], steps: 20, racers: [{ name: 'sgd', options: { lr: 1e-4 }, label: 'sgd' }] });
      const [row] = leaderboard(surface, trajectories);
      expect(row).toMatchObject({ stepsToMinimum: 0, endsAt: i, status: 'reached', reached: m });
    }
  });

  it('nearestMinimum gives the distance to the nearest one, NaN without minima', () => {
    const himmelblau = getSurface('himmelblau');
    const near = nearestMinimum(himmelblau, 3.1, 2);
    expect(near.minimum).toMatchObject({ x: 3, y: 2 });
    expect(near.distance).toBeCloseTo(0.1, 12);
    expect(nearestMinimum(getSurface('saddle'), 0, 0)).toEqual({ index: -1, minimum: null, distance: NaN });
  });
});

describe('what "diverged" and "escaped" mean', () => {
  const quadratic = getSurface('quadratic');

  it('gradient descent past the stability limit 2 / lambda_max diverges where the closed form leaves the enlarged box', () => {
    // f = (u^2 + 10 v^2) / 2 rotated by 30 degrees: plain GD multiplies v by (1 - 10 lr) = -1.5 each step.
    const [x0, y0] = [-2.5, 2];
    const theta = Math.PI / 6;
    const v0 = -x0 * Math.sin(theta) + y0 * Math.cos(theta);
    const u0 = x0 * Math.cos(theta) + y0 * Math.sin(theta);
    const [t] = runRace({ surface: quadratic, start: [x0, y0], steps: 200, racers: [{ name: 'sgd', options: { lr: 0.25 }, label: 'sgd' }] });
    expect(t!.outcome).toBe('diverged');
    expect(t!.reason).toMatch(/left the view box \(x10\)/);
    // The first k with a coordinate beyond 10 x the half-width 3 (the box is centred at 0).
    const limit = 3 * DIVERGENCE_FACTOR;
    let k = 0;
    for (;;) {
      k++;
      const u = u0 * 0.75 ** k;
      const v = v0 * (-1.5) ** k;
      const x = u * Math.cos(theta) - v * Math.sin(theta);
      const y = u * Math.sin(theta) + v * Math.cos(theta);
      if (Math.abs(x) > limit || Math.abs(y) > limit) break;
    }
    expect(t!.steps).toBe(k);
    expect(t!.xs.length).toBe(k + 1);
    expect(leaderboard(quadratic, [t!])[0]).toMatchObject({ status: 'diverged', nearest: null, endsAt: -1 });
  });

  it('a stable lr does not diverge and reaches the minimum', () => {
    const [t] = runRace({ surface: quadratic, start: [-2.5, 2], steps: 200, racers: [{ name: 'sgd', options: { lr: 0.15 }, label: 'sgd' }] });
    expect(t!.outcome).toBe('ran');
    expect(leaderboard(quadratic, [t!])[0]!.status).toBe('reached');
  });

  it('leaving a saddle (no minima) is an escape, not a divergence', () => {
    const saddle = getSurface('saddle');
    const [adam, sgd] = runRace({
      surface: saddle,
      start: [1.8, 0.001],
      steps: 150,
      racers: [
        { name: 'adam', options: { lr: 0.05 }, label: 'adam' },
        { name: 'sgd', options: { lr: 0.01 }, label: 'sgd' },
      ],
    });
    expect(adam).toMatchObject({ outcome: 'escaped', escaped: true, diverged: false });
    expect(Math.abs(adam!.ys[adam!.steps]!)).toBeGreaterThan(2);
    // Plain SGD slides to the saddle point and lingers there, as the lecture shows.
    expect(sgd!.outcome).toBe('ran');
    expect(Math.hypot(sgd!.xs[150]!, sgd!.ys[150]!)).toBeLessThan(0.15);
  });
});
