import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openPage, startHarness, type Harness } from './browser';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('experiment view', () => {
  it("trains the lecture's four learning rates on real MNIST in the browser; the loss falls", async () => {
    // The lecture's four, and SGD at lr 100, which must blow up.
    const { page, errors } = await openPage(harness, '#experiment?steps=300&run=sgd;lr=0.0001&run=sgd;lr=0.01&run=sgd;lr=0.1&run=sgd;lr=1&run=sgd;lr=100');
    expect(await page.evaluate(() => window.descent.experiment()!.state.runs.map((r) => r.options.lr))).toEqual([1e-4, 1e-2, 1e-1, 1, 100]);
    await page.click('#exp-start');
    // MNIST comes from the app itself (gzip), with a progress indicator.
    await page.waitForFunction(() => document.querySelector('#experiment-status')!.textContent!.startsWith('Training on'), undefined, { timeout: 120_000 });
    const status = await page.locator('#experiment-status').textContent();
    expect(status).toMatch(/Training on (webgl|wasm|cpu)/);

    // Pause: no run moves on; resume: they continue.
    await page.waitForFunction(() => window.descent.experiment()!.runs.every((r) => r.losses.length >= 40 || r.status !== 'running'), undefined, { timeout: 120_000 });
    await page.click('#exp-pause');
    await page.waitForTimeout(500);
    const paused = await page.evaluate(() => window.descent.experiment()!.runs.map((r) => r.losses.length));
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => window.descent.experiment()!.runs.map((r) => r.losses.length))).toEqual(paused);
    expect(await page.locator('#exp-pause').textContent()).toBe('Resume');
    await page.click('#exp-pause');

    await page.waitForFunction(() => window.descent.experiment()!.runs.every((r) => r.status !== 'running' && r.status !== 'paused'), undefined, { timeout: 200_000 });
    const runs = await page.evaluate(() =>
      window.descent.experiment()!.runs.map((r) => ({ status: r.status, losses: r.losses, accuracy: r.accuracy.filter((a) => a !== undefined), divergedAt: r.divergedAt, blewUpAt: r.blewUpAt })),
    );
    // lr 0.01 and 0.1 finish their 300 steps with a falling loss and a useful classifier
    // (PyTorch's lr 0.01 run averages 1.20 over its whole first epoch of 938 steps: /work/shared/anchors).
    for (const [i, lossRatio, minAccuracy] of [
      [1, 0.8, 0.6],
      [2, 0.3, 0.8],
    ] as const) {
      const run = runs[i]!;
      expect(run.status).toBe('done');
      expect(run.losses).toHaveLength(300);
      expect(mean(run.losses.slice(-20))).toBeLessThan(lossRatio * mean(run.losses.slice(0, 20)));
      expect(run.accuracy[run.accuracy.length - 1]).toBeGreaterThan(minAccuracy);
    }
    // lr 1e-4 barely moves (the lecture's point), but it does move down.
    expect(mean(runs[0]!.losses.slice(-20))).toBeLessThan(mean(runs[0]!.losses.slice(0, 20)));
    expect(runs[0]!.accuracy[runs[0]!.accuracy.length - 1]).toBeLessThan(0.7);
    // lr 1 either diverges, and is marked so, or keeps finite losses all the way.
    if (runs[3]!.status !== 'diverged') expect(runs[3]!.losses.every(Number.isFinite)).toBe(true);
    // lr 100 diverges (its loss goes from 2.3 to tens, or to NaN) and is marked.
    const last = await page.locator('#exp-results tbody tr').nth(4);
    expect(await last.getAttribute('data-diverged')).toBe('true');
    expect(await last.locator('td.bad').textContent()).toMatch(/(diverged|blew up) at step \d+/);
    expect(await page.locator('#exp-results tr[data-diverged="true"]').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, 'experiment.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'experiment-narrow.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains on the webgl backend when asked (software WebGL 2 here): same optimizers, the loss falls', async () => {
    const { page, errors } = await openPage(harness, '#experiment?steps=150&backend=webgl&run=sgd;lr=0.1&run=adam;lr=0.001');
    await page.click('#exp-start');
    await page.waitForFunction(() => document.querySelector('#experiment-status')!.textContent!.startsWith('Training on'), undefined, { timeout: 120_000 });
    expect(await page.locator('#experiment-status').textContent()).toMatch(/^Training on webgl/);
    await page.waitForFunction(() => window.descent.experiment()!.runs.every((r) => r.status !== 'running' && r.status !== 'paused'), undefined, { timeout: 200_000 });
    const runs = await page.evaluate(() => window.descent.experiment()!.runs.map((r) => ({ status: r.status, losses: r.losses, accuracy: r.accuracy.filter((a) => a !== undefined) })));
    for (const run of runs) {
      expect(run.status).toBe('done');
      expect(run.losses).toHaveLength(150);
      expect(mean(run.losses.slice(-20))).toBeLessThan(0.6 * mean(run.losses.slice(0, 20)));
      expect(run.accuracy[run.accuracy.length - 1]).toBeGreaterThan(0.7);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
