import type { Surface } from '@descent/datasets';
import { leaderboard } from '@descent/race';
import type { Trajectory } from '@descent/race';
import { describe, expect, it } from 'vitest';
import { formatLeaderboard } from './formatLeaderboard';

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
  return {
    label,
    optimizer: label,
    options: {},
    schedule: '',
    xs: Float64Array.from(points.map((p) => p[0])),
    ys: Float64Array.from(points.map((p) => p[1])),
    losses: Float64Array.from(points.map(([x, y]) => surface.f(x, y))),
    lrs: new Float64Array(points.length),
    steps: points.length - 1,
    outcome: 'ran',
    diverged: false,
    escaped: false,
    ...extra,
  };
}

describe('formatLeaderboard', () => {
  it('aligns the leaderboard of @descent/race and says each racer\'s status', () => {
    const rows = leaderboard(
      surface,
      [
        path('fast', [[0, 0], [1.005, -2], [1, -2], [1, -2]]),
        path('stuck', [[0, 0], [0.1, 0], [0.2, 0], [0.3, 0]]),
        path('wander', [[0, 0], [1, -2], [1.5, -2], [1.5, -2]]),
        path('wild', [[0, 0], [90, 90]], { outcome: 'diverged', diverged: true, reason: 'left the view box (x10) at step 1' }),
      ],
      { tolerance: 0.02 },
    );
    const text = formatLeaderboard(rows, 0.02, 3);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^#\s+optimizer\s+steps to 0.02\s+final loss\s+final \(x, y\)\s+nearest minimum\s+status$/);
    expect(lines[2]).toMatch(/^1\s+fast\s+1\s+0\s+\(1, -2\)\s+global \(1, -2\) at 0\s+reached$/);
    expect(text).toMatch(/stuck .*> 3 .*not reached/);
    expect(text).toMatch(/wander .*reached, then left/);
    expect(lines[5]).toMatch(/^4\s+wild\s+-\s+-\s+-\s+-\s+diverged: left the view box \(x10\) at step 1$/);
  });
});
