import { describe, expect, it } from 'vitest';
import { formatLeaderboard, leaderboard } from './leaderboard';
import type { RaceSurface, Trajectory } from './raceTypes';

const surface: RaceSurface = {
  f: (x, y) => (x - 1) ** 2 + (y + 2) ** 2,
  grad: () => undefined,
  viewBox: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [
    { x: 1, y: -2, value: 0, kind: 'global' },
    { x: -3, y: 3, value: 1, kind: 'local' },
  ],
};

function path(label: string, points: Array<[number, number]>, extra: Partial<Trajectory> = {}): Trajectory {
  return {
    label,
    optimizer: label,
    options: {},
    xs: Float64Array.from(points.map((p) => p[0])),
    ys: Float64Array.from(points.map((p) => p[1])),
    losses: Float64Array.from(points.map(([x, y]) => surface.f(x, y))),
    steps: points.length - 1,
    diverged: false,
    escaped: false,
    ...extra,
  };
}

describe('leaderboard', () => {
  it('ranks by steps to reach eps of the nearest minimum, then final loss, diverged last', () => {
    const rows = leaderboard(
      surface,
      [
        path('slow', [[0, 0], [0.5, -1], [0.9, -1.9], [0.99, -1.99]]),
        path('fast', [[0, 0], [1.005, -2], [1, -2], [1, -2]]),
        path('local', [[0, 0], [-2.9, 2.9], [-3, 3], [-3, 3]]),
        path('stuck', [[0, 0], [0.1, 0], [0.2, 0], [0.3, 0]]),
        path('wild', [[0, 0], [90, 90]], { diverged: true, reason: 'left the view box (x10) at step 1' }),
      ],
      0.02,
    );
    expect(rows.map((r) => r.label)).toEqual(['fast', 'local', 'slow', 'stuck', 'wild']);
    expect(rows[0]).toMatchObject({ stepsToEps: 1, finalLoss: 0, minimum: { kind: 'global' } });
    expect(rows[1]).toMatchObject({ stepsToEps: 2, minimum: { kind: 'local', x: -3, y: 3 } });
    expect(rows[2]!.stepsToEps).toBe(3); // (0.99, -1.99) is 0.014 away, (0.9, -1.9) 0.14
    expect(rows[3]).toMatchObject({ stepsToEps: null, minimum: { kind: 'global' } });
    expect(rows[3]!.distance).toBeCloseTo(Math.hypot(0.7, 2), 12);
    expect(rows[4]).toMatchObject({ diverged: true, minimum: null });
    const wandered = leaderboard(surface, [path('wander', [[0, 0], [1, -2], [1.5, -2]])], 0.02);
    expect(formatLeaderboard(wandered, 0.02, 2)).toMatch(/wander .*reached, then left/);
    const text = formatLeaderboard(rows, 0.02, 3);
    expect(text.split('\n')[0]).toMatch(/^#\s+optimizer\s+steps to 0.02\s+final loss/);
    expect(text).toMatch(/stuck .*> 3 .*not reached/);
    expect(text).toMatch(/wild .*diverged: left the view box/);
    expect(text).toMatch(/fast .*reached$/m);
  });
});
