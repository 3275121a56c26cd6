import { getSurface } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import { basinMap } from './basinMap';
import { leaderboard } from './leaderboard';
import { runRace } from './runRace';

describe('basinMap', () => {
  it('runs all starts at once and agrees with one race per start', () => {
    const surface = getSurface('himmelblau');
    const racer = { name: 'adam', options: { lr: 0.05 }, label: 'adam' };
    const nx = 6;
    const ny = 5;
    const map = basinMap(surface, racer, { nx, ny, steps: 300 });
    const b = surface.viewBox;
    const found = new Set<number>();
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = b.xMin + ((i + 0.5) / nx) * (b.xMax - b.xMin);
        const y = b.yMax - ((j + 0.5) / ny) * (b.yMax - b.yMin);
        const trajectories = runRace({ surface, start: [Math.fround(x), Math.fround(y)], steps: 300, racers: [racer] });
        const [row] = leaderboard(surface, trajectories);
        expect(map.reached[j * nx + i]).toBe(row!.endsAt);
        found.add(row!.endsAt);
      }
    }
    // Himmelblau has four minima; a grid over the view finds more than two basins.
    expect(found.size).toBeGreaterThan(2);
    expect(map.counts.reduce((a, b) => a + b, 0)).toBe(Array.from(map.reached).filter((m) => m >= 0).length);
  });

  it('throws the racer\'s error and refuses a bad grid', () => {
    const surface = getSurface('himmelblau');
    expect(() => basinMap(surface, { name: 'sgd', options: { lr: -1 }, label: 'sgd' }, { nx: 4, ny: 4, steps: 10 })).toThrow(/lr must be >= 0/);
    expect(() => basinMap(surface, { name: 'sgd', options: {}, label: 'sgd' }, { nx: 0, ny: 4, steps: 10 })).toThrow(/basinMap: nx, ny and steps must be positive integers/);
  });

  it('refuses the optimizers that are not elementwise (their starts cannot share one parameter)', () => {
    for (const name of ['muon', 'Adafactor']) {
      expect(() => basinMap(getSurface('himmelblau'), { name, options: {}, label: name }, { nx: 4, ny: 4, steps: 10 })).toThrow(/^basinMap: (muon|adafactor)'s update is not elementwise/);
    }
  });
});
