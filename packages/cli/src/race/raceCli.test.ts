import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../exitCodes';
import { raceCli } from './raceCli';

describe('raceCli', () => {
  it('runs the lecture\'s saddle scene from its preset and writes the trajectories as JSON', async () => {
    const out = mkdtempSync(join(tmpdir(), 'descent-race-'));
    const result = await raceCli({ preset: 'saddle', animation: false, out });
    expect(result.trajectories.map((t) => t.label)).toEqual(['SGD', 'Momentum', 'Nesterov', 'Adagrad', 'Adadelta', 'RMSProp', 'Adam']);
    // SGD lingers at the saddle point; every other racer escapes it.
    expect(result.rows[result.rows.length - 1]!.label).toBe('SGD');
    expect(result.rows.slice(0, -1).every((r) => r.status === 'escaped')).toBe(true);
    expect(result.leaderboard).toMatch(/SGD .*not reached/);
    const json = JSON.parse(readFileSync(join(out, 'trajectories.json'), 'utf8')) as { surface: string; start: number[]; trajectories: Array<{ x: number[] }> };
    expect(json.surface).toBe('saddle');
    expect(json.start).toEqual([1.8, 0.001]);
    expect(json.trajectories[0]!.x[0]).toBeCloseTo(1.8, 6);
    expect(existsSync(join(out, 'race.png'))).toBe(true);
  });

  it("gives an --optimizer without lr the surface's tuned lr, and a preset's noise and seed", async () => {
    const out = mkdtempSync(join(tmpdir(), 'descent-race-'));
    // Goldstein-Price's gradients reach 1e5: SGD's registry lr 1e-3 would leave at step 2.
    const tuned = await raceCli({ surface: 'goldsteinPrice', optimizer: ['sgd', 'adam', 'muon'], steps: '200', animation: false, out });
    expect(tuned.trajectories.map((t) => t.options.lr)).toEqual([2e-6, 0.1, 0.1]);
    expect(tuned.trajectories.map((t) => t.outcome)).toEqual(['ran', 'ran', 'ran']);
    const given = await raceCli({ surface: 'goldsteinPrice', optimizer: ['adam:lr=0.01'], steps: '10', animation: false, out });
    expect(given.trajectories[0]!.options.lr).toBe(0.01);
    const noisy = await raceCli({ preset: 'noisy', animation: false, out });
    const json = JSON.parse(readFileSync(join(out, 'trajectories.json'), 'utf8')) as { noise: number; seed: number };
    expect([json.noise, json.seed]).toEqual([10, 1]);
    expect(noisy.trajectories).toHaveLength(5);
  });

  it("runs the lecture's Beale scene: the adaptive methods reach (3, 0.5), SGD crawls", async () => {
    const out = mkdtempSync(join(tmpdir(), 'descent-race-'));
    const { rows } = await raceCli({ preset: 'beale', animation: false, out });
    expect(rows.map((r) => r.label).sort()).toEqual(['Adadelta', 'Adagrad', 'Adam', 'Momentum', 'Nesterov', 'RMSProp', 'SGD']);
    const row = (label: string) => rows.find((r) => r.label === label)!;
    for (const label of ['Adam', 'Adagrad']) {
      expect(row(label).stepsToMinimum, label).not.toBeNull();
      expect(row(label).reached).toMatchObject({ x: 3, y: 0.5 });
    }
    expect(row('SGD').stepsToMinimum).toBeNull();
    expect(row('SGD').finalLoss).toBe(Math.max(...rows.map((r) => r.finalLoss)));
  });

  it("runs the lecture's long valley: momentum and Nesterov first, plain SGD left behind", async () => {
    const out = mkdtempSync(join(tmpdir(), 'descent-race-'));
    const { rows } = await raceCli({ preset: 'valley', animation: false, out });
    expect(rows.slice(0, 2).map((r) => r.label).sort()).toEqual(['Momentum', 'Nesterov']);
    expect(rows[0]!.stepsToMinimum).not.toBeNull();
    // SGD gets there at last (within 1% of the 16 x 6 view), long after momentum.
    const sgd = rows.find((r) => r.label === 'SGD')!;
    expect(rows.indexOf(sgd)).toBeGreaterThan(1);
    expect(sgd.stepsToMinimum ?? Infinity).toBeGreaterThan(2 * rows[0]!.stepsToMinimum!);
  });

  it.each([
    [{ optimizer: ['adam:lr=-1'] }, /adam: lr must be >= 0, got -1/],
    [{ optimizer: ['adam'], seed: '1.5' }, /--seed must be an integer >= 0, got '1.5'/],
    [{ optimizer: ['adam'], seed: '-1' }, /--seed must be an integer >= 0, got '-1'/],
    [{ optimizer: ['adam:'] }, /expected KEY=VALUE options after 'adam:'/],
    [{ optimizer: ['adam'], start: '1' }, /--start must be two numbers X,Y, got '1'/],
    [{ optimizer: ['adam'], steps: '0' }, /--steps must be a positive integer at most 1,000,000, got '0'/],
    [{ optimizer: ['adam'], noise: '-1' }, /--noise must be a finite number >= 0, got '-1'/],
    [{ optimizer: ['adam'], tolerance: '0' }, /--tolerance must be a finite number > 0, got '0'/],
    [{ optimizer: ['adam'], levels: '500' }, /--levels must be a positive integer at most 100, got '500'/],
    // Bounds on the work, checked before anything runs or is written.
    [{ optimizer: ['adam'], steps: '1000000000' }, /race: --steps must be a positive integer at most 1,000,000, got '1000000000'/],
    [{ optimizer: ['adam', 'sgd'], steps: '600000' }, /race: --steps x racers must be at most 1,000,000 points .*got 2 racers x 600,001 points = 1,200,002/],
    [{ optimizer: ['adam'], frames: '1000000' }, /race: --frames must be a positive integer at most 1,000, got '1000000'/],
    [{ optimizer: ['adam'], frames: '1000', size: '800' }, /race: the animation's --frames x --size² must be at most 100,000,000 pixels, got 1000 x 800² = 640,000,000; .*--no-animation/],
    [{ optimizer: ['adam'], size: '100000' }, /race: --size must be a positive integer at most 2,000, got '100000'/],
    [{ optimizer: ['adam'], size: '10' }, /race: --size must be at least 64, got 10/],
    [{ preset: 'everest' }, /unknown preset 'everest', expected one of beale, saddle, valley/],
    [{}, /expected at least one --optimizer/],
  ])('rejects %o as bad input (exit code 2) before writing anything', async (flags, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'descent-race-bad-')), 'out');
    const error = await raceCli({ ...flags, out }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(message);
    expect(exitCodeFor(error)).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
