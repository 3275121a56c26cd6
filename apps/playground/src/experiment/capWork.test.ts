import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../state/experimentState';
import { WORK_LIMITS, capWork, stepFlops } from './capWork';

describe('capWork', () => {
  it("leaves the lecture's experiment alone", () => {
    const state = defaultExperiment();
    expect(capWork(state)).toEqual({ state, notice: undefined });
  });

  it('caps hidden=4096&batch=4096&steps=100000 with 8 Adam runs to the work limits, and says what and why', () => {
    const state = { ...defaultExperiment(), hidden: 4096, batchSize: 4096, steps: 100_000, runs: Array.from({ length: 8 }, () => ({ name: 'adam', options: {}, schedule: '' })) };
    const { state: capped, notice } = capWork(state);
    const round = 8 * stepFlops(capped.hidden, capped.batchSize);
    expect(round).toBeLessThanOrEqual(WORK_LIMITS.roundFlops);
    expect(round * capped.steps).toBeLessThanOrEqual(WORK_LIMITS.totalFlops);
    // Halving the larger of the two, down to the limit: not smaller than needed.
    expect(8 * stepFlops(capped.hidden * 2, capped.batchSize)).toBeGreaterThan(WORK_LIMITS.roundFlops);
    expect(capped.steps).toBeLessThan(100_000);
    expect(notice).toBe(
      `Capped to fit this tab: hidden 4,096 → ${capped.hidden.toLocaleString('en-US')}, batch 4,096 → ${capped.batchSize.toLocaleString('en-US')}, steps 100,000 → ${capped.steps.toLocaleString('en-US')}. ` +
        '8 runs at the requested sizes are about 64 PFLOP of training, 74 days at the 10 GFLOP/s a browser core sustains; one round of steps (a step of every run) is kept under 5 GFLOP (about 0.5 s) so that Pause and Stop answer at once, and the whole training under 10 min.',
    );
    // The state given is not changed.
    expect(state.hidden).toBe(4096);
  });

  it('cuts only the steps when one round fits', () => {
    const state = { ...defaultExperiment(), steps: 100_000 };
    const { state: capped, notice } = capWork(state);
    expect([capped.hidden, capped.batchSize]).toEqual([200, 64]);
    expect(capped.steps).toBe(Math.floor(WORK_LIMITS.totalFlops / (6 * stepFlops(200, 64)) / 100) * 100);
    expect(notice).toMatch(/^Capped to fit this tab: steps 100,000 → [\d,]+\. 6 runs/);
  });
});
