import { getSurface } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import { runRace } from './runRace';
import { probeStep, stepArrows } from './stepProbe';
import type { RaceScene } from './raceTypes';

const beale = getSurface('beale');
const scene = (racers: RaceScene['racers'], noise = 0): RaceScene => ({ surface: beale, start: [1, 1.5], steps: 100, racers, noise, seed: 3 });

describe('probeStep and stepArrows: the step mode, in the lecture’s terms', () => {
  it('replays the race exactly: the probed point and next point are the race’s (noise included)', () => {
    const s = scene([{ name: 'adam', options: { lr: 0.05 }, label: 'Adam' }], 0.5);
    const [t] = runRace(s);
    for (const k of [0, 1, 37, 99]) {
      const probe = probeStep(s, 0, k);
      expect(probe.step).toBe(k);
      expect(probe.point[0]).toBeCloseTo(t!.xs[k]!, 12);
      expect(probe.next![1]).toBeCloseTo(t!.ys[k + 1]!, 12);
    }
    // Past the end: the last point, no update.
    const end = probeStep(s, 0, 100);
    expect(end.next).toBeNull();
    expect(end.point[0]).toBeCloseTo(t!.xs[100]!, 12);
  });

  it('momentum: v(t+1) = μ v(t) - ν∇ and θ(t+1) = θ(t) + v(t+1), so the step is the momentum arrow plus the gradient arrow', () => {
    const s = scene([{ name: 'sgd', options: { lr: 0.002, momentum: 0.9 }, label: 'Momentum' }]);
    const probe = probeStep(s, 0, 20);
    const { arrows, lookahead } = stepArrows(probe, s.racers[0]!);
    const by = (kind: string) => arrows.find((a) => a.kind === kind)!;
    const d = (a: { from: number[]; to: number[] }): [number, number] => [a.to[0]! - a.from[0]!, a.to[1]! - a.from[1]!];
    const [gx, gy] = d(by('gradient'));
    const [mx, my] = d(by('momentum'));
    const [sx, sy] = d(by('step'));
    // The gradient arrow is -lr * the gradient at the point, from the surface itself.
    const g = new Float64Array(2);
    beale.grad(probe.point[0], probe.point[1], g);
    expect(gx).toBeCloseTo(-0.002 * g[0]!, 9);
    // float32 parameters: the sum holds to float32 precision of the point.
    expect(sx).toBeCloseTo(mx + gx, 5);
    expect(sy).toBeCloseTo(my + gy, 5);
    expect(Math.hypot(mx, my)).toBeGreaterThan(0);
    expect(lookahead).toBeNull();
  });

  it('Nesterov: the look-ahead point is θ + μv, where the momentum alone would have brought it', () => {
    const s = scene([{ name: 'nesterov', options: { lr: 0.002 }, label: 'Nesterov' }]);
    const probe = probeStep(s, 0, 20);
    const { arrows, lookahead } = stepArrows(probe, s.racers[0]!);
    const momentum = arrows.find((a) => a.kind === 'momentum')!;
    expect(lookahead).toEqual(momentum.to);
    // torch's buffer b: v = -lr b, so θ + μv = θ - lr μ b(t).
    const b = probe.before.momentumBuffer!;
    expect(lookahead![0]).toBeCloseTo(probe.point[0] - 0.002 * 0.9 * b[0], 12);
  });

  it('Adam: the momentum arrow is -ν m̂ (bias-corrected), and the step is not along the gradient', () => {
    const s = scene([{ name: 'adam', options: { lr: 0.05 }, label: 'Adam' }]);
    const probe = probeStep(s, 0, 0);
    const { arrows } = stepArrows(probe, s.racers[0]!);
    const momentum = arrows.find((a) => a.kind === 'momentum')!;
    const gradient = arrows.find((a) => a.kind === 'gradient')!;
    // At the first step m̂ = g: the two arrows coincide.
    expect(momentum.to[0]).toBeCloseTo(gradient.to[0], 6);
    expect(momentum.tex).toBe('-\\nu\\hat{\\mathbf{m}}');
    // Adam's first step is lr * sign(g) (up to eps): both coordinates move by lr.
    const step = arrows.find((a) => a.kind === 'step')!;
    expect(Math.abs(step.to[0] - step.from[0])).toBeCloseTo(0.05, 5);
    expect(Math.abs(step.to[1] - step.from[1])).toBeCloseTo(0.05, 5);
  });
});

describe('Muon on a surface: the point is a 1 x 2 matrix', () => {
  it('Newton-Schulz of a 1 x 2 matrix normalises it: the first step is lr s5 g/|g| after weight decay', () => {
    const lr = 0.1;
    const [t] = runRace({ surface: beale, start: [1, 1.5], steps: 3, racers: [{ name: 'muon', options: { lr }, label: 'Muon' }] });
    expect(t!.outcome).toBe('ran');
    // One row: X X^T is the 1 x 1 matrix s^2, so each quintic iteration maps the singular value
    // s to a s + b s^3 + c s^5 (torch.optim.Muon's coefficients), from s = 1 after normalising.
    let s = 1;
    for (let k = 0; k < 5; k++) s = 3.4445 * s - 4.775 * s ** 3 + 2.0315 * s ** 5;
    const g = new Float64Array(2);
    beale.grad(1, 1.5, g);
    const norm = Math.hypot(g[0]!, g[1]!);
    const decay = 1 - lr * 0.1; // torch's default weight decay 0.1, decoupled
    expect(t!.xs[1]).toBeCloseTo(1 * decay - lr * s * (g[0]! / norm), 5);
    expect(t!.ys[1]).toBeCloseTo(1.5 * decay - lr * s * (g[1]! / norm), 5);
    // The step's length is lr s, whatever the gradient's size.
    expect(Math.hypot(t!.xs[1]! - decay, t!.ys[1]! - 1.5 * decay)).toBeCloseTo(lr * s, 5);
  });

  it('Muon and Adafactor race (the 1 x 2 point is a matrix) on every preset surface without refusal', () => {
    for (const name of ['muon', 'adafactor']) {
      const [t] = runRace({ surface: getSurface('himmelblau'), start: [0, 0], steps: 300, racers: [{ name, options: { lr: 0.05 }, label: name }] });
      expect(t!.outcome, t!.error).toBe('ran');
      expect(t!.losses[300]!).toBeLessThan(t!.losses[0]! / 10);
    }
  });
});
