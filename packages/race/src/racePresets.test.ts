import { getSurface } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import { racePresets } from './racePresets';
import { runRace } from './runRace';

describe("the 'learning-rates' preset: low lr slow, high lr overshoots", () => {
  const preset = racePresets['learning-rates']!;
  const [low, chosen, high, tooHigh] = runRace({ surface: getSurface(preset.surface), start: preset.start, steps: preset.steps, racers: preset.racers });
  /** Distance from the valley's floor y = 0.5 sin(x/2) at point k (its sign says which wall). */
  const across = (t: NonNullable<typeof low>, k: number): number => t.ys[k]! - 0.5 * Math.sin(0.5 * t.xs[k]!);
  const crossings = (t: NonNullable<typeof low>): number => {
    let count = 0;
    for (let k = 1; k <= Math.min(t.steps, 50); k++) if (Math.sign(across(t, k)) !== Math.sign(across(t, k - 1))) count++;
    return count;
  };

  it('lr 0.005 ends more than 4 times as high as lr 0.05 (along the floor it keeps 0.9995^200 = 90% of its distance, lr 0.05 0.995^200 = 37%)', () => {
    expect(low!.losses[preset.steps]!).toBeGreaterThan(4 * chosen!.losses[preset.steps]!);
    expect(crossings(low!)).toBe(0);
  });

  it('lr 0.19 crosses the floor at nearly every step (overshoot) yet descends; lr 0.21 diverges', () => {
    // Across the floor the step multiplies the distance by 1 - 10 lr: -0.9 at 0.19, -1.1 at 0.21.
    expect(crossings(high!)).toBeGreaterThanOrEqual(45);
    expect(high!.losses[preset.steps]!).toBeLessThan(high!.losses[0]!);
    expect(tooHigh!.losses[tooHigh!.steps]! > tooHigh!.losses[0]! || tooHigh!.steps < preset.steps).toBe(true);
  });
});

describe("the 'noisy' preset: the lecture's remedy, decay the lr", () => {
  const preset = racePresets.noisy!;
  const trajectories = runRace({ surface: getSurface(preset.surface), start: preset.start, steps: preset.steps, racers: preset.racers, noise: preset.noise, seed: preset.seed });
  const meanLast = (k: number): number => {
    const losses = trajectories[k]!.losses;
    return Array.from(losses.slice(-50)).reduce((a, b) => a + b, 0) / 50;
  };

  it('halving the lr every 60 steps settles SGD and Adam at least 4 times lower than the constant lr (mean f of the last 50 steps)', () => {
    expect(preset.noise).toBeGreaterThan(0);
    expect(meanLast(1)).toBeLessThan(meanLast(0) / 4);
    expect(meanLast(4)).toBeLessThan(meanLast(3) / 4);
  });
});

describe('every preset', () => {
  it('has a one-line caption that says what to watch for, and runs without a refusal', () => {
    expect(Object.keys(racePresets)).toEqual(['beale', 'saddle', 'valley', 'learning-rates', 'noisy']);
    for (const preset of Object.values(racePresets)) {
      expect(preset.watchFor).toMatch(/^Watch for .+\.$/);
      expect(preset.watchFor).not.toMatch(/\n/);
      const ts = runRace({ surface: getSurface(preset.surface), start: preset.start, steps: preset.steps, racers: preset.racers, noise: preset.noise, seed: preset.seed });
      expect(ts.map((t) => t.outcome)).not.toContain('refused');
    }
    expect(racePresets.beale!.racers.map((r) => r.label)).toEqual(['SGD', 'Momentum', 'Nesterov', 'Adagrad', 'Adadelta', 'RMSProp', 'Adam']);
  });
});
