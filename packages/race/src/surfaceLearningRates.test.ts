import { getSurface, surfaceNames } from '@descent/datasets';
import { optimizerNames } from '@descent/optimizers';
import { describe, expect, it } from 'vitest';
import { runRace } from './runRace';
import { surfaceLr, withSurfaceLr } from './surfaceLearningRates';
import type { Racer } from './raceTypes';

/** The playground's default race: SGD, momentum 0.9, RMSProp and Adam, each at the surface's lr. */
const DEFAULT_RACE: Racer[] = [
  { name: 'sgd', options: {}, label: 'SGD' },
  { name: 'sgd', options: { momentum: 0.9 }, label: 'Momentum' },
  { name: 'rmsprop', options: {}, label: 'RMSProp' },
  { name: 'adam', options: {}, label: 'Adam' },
];

const startOf = (name: string): [number, number] => {
  const s = getSurface(name);
  const b = s.viewBox;
  return s.starts[0] ?? [(b.xMin + b.xMax) / 2, (b.yMin + b.yMax) / 2];
};

describe('per-surface learning rates', () => {
  it('fills the lr only when the racer has none, by family', () => {
    expect(surfaceLr('beale', 'adam')).toBe(0.1);
    expect(surfaceLr('beale', 'sgd', { momentum: 0.9 })).toBe(0.001);
    expect(surfaceLr('beale', 'momentum')).toBe(0.001);
    expect(surfaceLr('goldsteinPrice', 'sgd')).toBe(2e-6);
    expect(surfaceLr('beale', 'bogus')).toBeUndefined();
    expect(withSurfaceLr({ name: 'adam', options: { lr: 0.3 }, label: 'A' }, 'beale').options.lr).toBe(0.3);
    expect(withSurfaceLr({ name: 'adam', options: {}, label: 'A' }, 'rosenbrock').options.lr).toBe(0.1);
  });

  // A racer stalls when in 500 steps it moves less than 1% of the view's diagonal, or (on a
  // surface with minima) closes less than 10% of its gap f - f* to the global minimum. On the
  // plateau plain SGD and momentum stall by design (the gradient is 4e-6 there): that is its
  // lesson, checked the other way round.
  for (const name of surfaceNames) {
    it(`${name}: the default race neither diverges in the first 10 steps nor stalls`, () => {
      const surface = getSurface(name);
      const b = surface.viewBox;
      const diagonal = Math.hypot(b.xMax - b.xMin, b.yMax - b.yMin);
      const racers = DEFAULT_RACE.map((r) => withSurfaceLr(r, name));
      const fStar = Math.min(...surface.minima.map((m) => m.value));
      for (const t of runRace({ surface, start: startOf(name), steps: 500, racers })) {
        expect(t.outcome, `${t.label}: ${t.reason}`).not.toBe('refused');
        expect(t.diverged && t.steps <= 10, `${t.label} diverged at step ${t.steps}`).toBe(false);
        const moved = Math.hypot(t.xs[t.steps]! - t.xs[0]!, t.ys[t.steps]! - t.ys[0]!);
        const gap = surface.minima.length > 0 ? (t.losses[t.steps]! - fStar) / (t.losses[0]! - fStar) : t.losses[t.steps]! < t.losses[0]! ? 0 : 1;
        const stalled = moved < 0.01 * diagonal || gap > 0.9;
        expect(stalled, `${t.label} at lr ${String(racers[DEFAULT_RACE.findIndex((r) => r.label === t.label)]!.options.lr)}: moved ${moved}, gap ${gap}`).toBe(name === 'plateau' && t.label !== 'RMSProp' && t.label !== 'Adam');
        expect(t.diverged, `${t.label} diverged: ${t.reason}`).toBe(false);
      }
    });
  }

  it('every optimizer of the registry, at its surface lr, survives its first 10 steps on every surface', () => {
    const failures: string[] = [];
    for (const name of surfaceNames) {
      const surface = getSurface(name);
      const racers = optimizerNames.map((o) => withSurfaceLr({ name: o, options: {}, label: o }, name));
      for (const t of runRace({ surface, start: startOf(name), steps: 10, racers })) {
        if (t.outcome === 'refused' || t.diverged) failures.push(`${name} ${t.label}: ${t.error ?? t.reason}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
