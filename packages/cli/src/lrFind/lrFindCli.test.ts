import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDescentError } from '@descent/core';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../exitCodes';
import { lrFindCli } from './lrFindCli';

describe('lrFindCli', () => {
  it('runs the range test on a real MNIST slice and suggests a learning rate SGD can use', async () => {
    const out = mkdtempSync(join(tmpdir(), 'descent-lr-find-'));
    const result = await lrFindCli({ limitTrain: '2000', steps: '80', startLr: '1e-4', endLr: '30', backend: 'wasm', out });
    expect(result.points.length).toBeGreaterThan(40);
    expect(result.points[0]!.lr).toBeCloseTo(1e-4, 12);
    // The loss starts near ln(10) (ten classes, small random weights) and falls before it explodes.
    expect(result.points[0]!.loss).toBeGreaterThan(2.0);
    expect(result.points[0]!.loss).toBeLessThan(2.6);
    expect(Math.min(...result.points.map((p) => p.smoothed))).toBeLessThan(result.points[0]!.smoothed - 0.1);
    // 30 is far too large for SGD on this MLP: the test stops early on the explosion.
    expect(result.stoppedEarly).not.toBeNull();
    const s = result.suggestion!;
    // PyTorch on the lecture's MLP (shared/anchors/pytorch-mlp-mnist.jsonl, SGD, batch 64): after 10
    // epochs lr 0.1 and 1 reach 97.7% and 97.2% test accuracy, lr 0.01 93.0%, lr 1e-4 62.9%.
    // The suggestion must land in the good band, not a decade below it nor past it.
    expect(s.suggested).toBeGreaterThanOrEqual(0.05);
    expect(s.suggested).toBeLessThanOrEqual(1);
    expect(result.report).toMatch(/suggested lr \d\.\d\de[-+]\d+ \((steepest|minimum\/10)\)/);
    const json = JSON.parse(readFileSync(join(out, 'lr-find.json'), 'utf8')) as { suggestion: { suggested: number }; points: unknown[] };
    expect(json.suggestion.suggested).toBe(s.suggested);
    expect(json.points).toHaveLength(result.points.length);
    const png = decode(readFileSync(join(out, 'lr-find.png')));
    expect(png.width).toBeGreaterThan(560);
    // The chart: the learning rate on a log axis (a tick per decade, 1e-4 to 1e+1), the raw and
    // the smoothed loss as two lines, the suggestion as a rule.
    const svg = readFileSync(join(out, 'lr-find.svg'), 'utf8');
    for (const tick of ['1e-4', '1e-3', '1e-2', '1e-1', '1e+0']) expect(svg).toContain(`>${tick}</text>`);
    expect(svg).toContain('learning rate (log scale)');
    expect(svg).toMatch(/stroke="#4c78a8"/);
    expect(svg).toMatch(/stroke="#bdbdbd"/);
    expect(svg).toContain(`suggested ${s.suggested.toExponential(1)}`);
  }, 60_000);

  it.each([
    [{ optimizer: 'sgd:lr=0.1' }, /must not set lr/],
    [{ startLr: '1', endLr: '0.1' }, /--end-lr must be greater than --start-lr/],
    [{ steps: '5' }, /--steps must be at least 10/],
    [{ hidden: '200,x' }, /--hidden must be positive integers/],
    [{ backend: 'gpu' }, /--backend must be one of/],
    [{ smoothing: '1' }, /--smoothing must be in \[0, 1\)/],
    [{ dataset: 'cifar' }, /--dataset must be one of mnist, spirals/],
    [{ seed: '0.5' }, /--seed must be an integer >= 0, got '0.5'/],
  ])('rejects bad flags %o before loading anything', async (flags, message) => {
    const error = await lrFindCli({ ...flags, out: false }).catch((e: unknown) => e);
    expect(isDescentError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toMatch(message);
  });
});
