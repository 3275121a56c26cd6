import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDescentError } from '@descent/core';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { scheduleCli } from './scheduleCli';

describe('scheduleCli', () => {
  it('evaluates a short-form spec over N steps (torch StepLR values) and renders it', async () => {
    const result = await scheduleCli('step:30:0.5', { lr: '0.1', steps: '100' });
    expect(result.spec).toEqual({ type: 'step', stepSize: 30, gamma: 0.5, initial: 0.1 });
    expect(result.text).toBe('step:30:0.5');
    expect(result.values).toHaveLength(100);
    // torch.optim.lr_scheduler.StepLR(step_size=30, gamma=0.5) from lr 0.1.
    expect([result.values[0], result.values[29], result.values[30], result.values[60], result.values[99]]).toEqual([0.1, 0.1, 0.05, 0.025, 0.0125]);
    expect(result.report).toMatch(/value {5}start 0\.1, max 0\.1 at step 0, min 0\.0125 at step 90, end 0\.0125/);
    expect(result.report).toContain('0.1 ┤');
    expect(result.files).toEqual([]);
  });

  it('shows a JSON spec over its own length and writes SVG, PNG and JSON', async () => {
    const out = mkdtempSync(join(tmpdir(), 'descent-schedule-'));
    const result = await scheduleCli('{"type":"warmupCosine","warmupSteps":10,"totalSteps":100,"initial":0.5}', { out });
    expect(result.values).toHaveLength(101);
    expect(result.values[10]).toBeCloseTo(0.5, 15);
    expect(result.values[55]).toBeCloseTo(0.25, 12); // half-way down the cosine
    expect(result.values[100]).toBe(0);
    expect(result.files.map((f) => f.slice(out.length + 1))).toEqual(['schedule.svg', 'schedule.png', 'schedule.json']);
    const png = decode(readFileSync(join(out, 'schedule.png')));
    expect(png.width).toBeGreaterThan(560);
    expect(JSON.parse(readFileSync(join(out, 'schedule.json'), 'utf8')).values).toEqual(result.values);
  });

  it('reports a malformed spec or flag with the schedulers\' or a descent error', async () => {
    await expect(scheduleCli('cosine:abc', {})).rejects.toMatchObject({ code: 'INVALID_SCHEDULE' });
    await expect(scheduleCli('nope', {})).rejects.toMatchObject({ code: 'INVALID_SCHEDULE', message: expect.stringMatching(/^schedule: SPEC: unknown schedule 'nope'/) });
    const error = await scheduleCli('cosine:10', { steps: '0' }).catch((e: unknown) => e);
    expect(isDescentError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});
