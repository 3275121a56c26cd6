import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openPage, startHarness, type Harness } from './browser';

let harness: Harness;
/**
 * One page for every test: MNIST is loaded once per page (a few seconds), so the later tests
 * reuse the first one's data by showing their experiment through the hash.
 */
let shared: { page: Page; errors: string[] } | undefined;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await shared?.page.close();
  await harness?.close();
});

/** The shared page showing the experiment of `hash` (opened on first use). */
async function show(hash: string): Promise<{ page: Page; errors: string[] }> {
  if (shared === undefined) {
    shared = await openPage(harness, `#${hash}`);
    return shared;
  }
  const { page } = shared;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(
    (target) =>
      new Promise<void>((resolve) => {
        window.addEventListener('hashchange', () => setTimeout(resolve, 0), { once: true });
        location.hash = target;
      }),
    hash,
  );
  await page.waitForFunction((n) => window.descentExperiment!()?.state.runs.length === n && window.descentExperiment!()!.runs.every((r) => r.status === 'waiting'), (hash.match(/&run=/g) ?? []).length);
  return shared;
}

const finished = (page: Page) => page.waitForFunction(() => window.descentExperiment!()!.runs.every((r) => r.status !== 'running' && r.status !== 'paused' && r.status !== 'waiting'), undefined, { timeout: 200_000 });

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('experiment view', () => {
  it("trains the lecture's four learning rates on real MNIST in the browser; the loss falls", async () => {
    // The lecture's four, and SGD at lr 100, which must blow up.
    const { page, errors } = await show('experiment?steps=300&run=sgd;lr=0.0001&run=sgd;lr=0.01&run=sgd;lr=0.1&run=sgd;lr=1&run=sgd;lr=100');
    expect(await page.evaluate(() => window.descentExperiment!()!.state.runs.map((r) => r.options.lr))).toEqual([1e-4, 1e-2, 1e-1, 1, 100]);
    // MNIST comes from the app itself (gzip), with a progress indicator: watch it while it loads.
    expect(await page.locator('#mnist-progress').isHidden()).toBe(true);
    await page.evaluate(() => {
      const seen = { shown: 0, values: [] as number[], texts: [] as string[] };
      (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
      const bar = document.querySelector('#mnist-progress') as HTMLProgressElement;
      const status = document.querySelector('#experiment-status') as HTMLElement;
      new MutationObserver(() => {
        if (!bar.hidden) seen.shown++;
        seen.values.push(bar.value);
        seen.texts.push(status.textContent ?? '');
      }).observe(bar.parentElement!, { attributes: true, childList: true, subtree: true, characterData: true });
    });
    await page.click('#exp-start');
    await page.waitForFunction(() => document.querySelector('#experiment-status')!.textContent!.startsWith('Training on'), undefined, { timeout: 120_000 });
    const status = await page.locator('#experiment-status').textContent();
    expect(status).toMatch(/Training on (webgl|wasm|cpu)/);
    const progress = await page.evaluate(() => (window as unknown as { progressSeen: { shown: number; values: number[]; texts: string[] } }).progressSeen);
    expect(progress.shown).toBeGreaterThan(0);
    const loading = progress.texts.filter((t) => /^Loading MNIST: [\d.]+ \/ [\d.]+ MB$/.test(t));
    expect(loading.length).toBeGreaterThan(1); // it counts up
    expect(new Set(loading).size).toBeGreaterThan(1);
    const fractions = progress.values.filter((v) => v > 0);
    expect(Math.max(...fractions)).toBeGreaterThan(0.9);
    expect(Math.min(...fractions)).toBeLessThan(0.9);
    expect(await page.locator('#mnist-progress').isHidden()).toBe(true); // gone once loaded

    // Pause: no run moves on; resume: they continue.
    await page.waitForFunction(() => window.descentExperiment!()!.runs.every((r) => r.losses.length >= 40 || r.status !== 'running'), undefined, { timeout: 120_000 });
    await page.click('#exp-pause');
    await page.waitForTimeout(500);
    const paused = await page.evaluate(() => window.descentExperiment!()!.runs.map((r) => r.losses.length));
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => window.descentExperiment!()!.runs.map((r) => r.losses.length))).toEqual(paused);
    expect(await page.locator('#exp-pause').textContent()).toBe('Resume');
    await page.click('#exp-pause');

    await page.waitForFunction(() => window.descentExperiment!()!.runs.every((r) => r.status !== 'running' && r.status !== 'paused'), undefined, { timeout: 200_000 });
    const runs = await page.evaluate(() =>
      window.descentExperiment!()!.runs.map((r) => ({ status: r.status, losses: r.losses, accuracy: r.accuracy.filter((a) => a !== undefined), divergedAt: r.divergedAt, blewUpAt: r.blewUpAt })),
    );
    // lr 0.01 and 0.1 finish their 300 steps with a falling loss and a useful classifier
    // (PyTorch's lr 0.01 run averages 1.20 over its whole first epoch of 938 steps).
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
    // A phone-sized screen, with the results in: nothing overflows sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.querySelector('.experiment .chart')!.getBoundingClientRect().width < 390);
    await page.waitForTimeout(300);
    const narrow = await page.evaluate(() => {
      const root = document.scrollingElement!;
      const wide = Array.from(document.querySelectorAll<HTMLElement>('body *'))
        .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && el.checkVisibility())
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 8) };
    });
    await page.screenshot({ path: join(ARTIFACTS, 'experiment-narrow.png'), fullPage: true });
    expect(narrow.wide).toEqual([]);
    expect(narrow.scrollWidth).toBeLessThanOrEqual(narrow.clientWidth);
    expect(errors).toEqual([]);
  });

  it('Stop ends every run as stopped, and no run trains on', async () => {
    const { page, errors } = await show('experiment?steps=5000&run=sgd;lr=0.1&run=adam;lr=0.001');
    await page.click('#exp-start');
    await page.waitForFunction(() => window.descentExperiment!()!.runs.every((r) => r.losses.length >= 15), undefined, { timeout: 60_000 });
    // The steps each trainer has taken when the click arrives (read before the app handles it).
    await page.evaluate(() => {
      const at: number[] = [];
      (window as unknown as { stepsAtStop: number[] }).stepsAtStop = at;
      document.querySelector('#exp-stop')!.addEventListener('click', () => at.push(...window.descentExperiment!()!.runs.map((r) => r.trainer!.stepsDone)), { capture: true });
    });
    await page.click('#exp-stop');
    const stopped = await page.evaluate(() => window.descentExperiment!()!.runs.map((r) => ({ status: r.status, steps: r.losses.length })));
    const stepsAtStop = await page.evaluate(() => (window as unknown as { stepsAtStop: number[] }).stepsAtStop);
    expect(stepsAtStop).toHaveLength(2);
    expect(stopped.map((r) => r.status)).toEqual(['stopped', 'stopped']);
    expect(await page.locator('#experiment-status').textContent()).toBe('Stopped.');
    expect(await page.locator('#exp-stop').isDisabled()).toBe(true);
    expect(await page.locator('#exp-pause').isDisabled()).toBe(true);
    expect(await page.locator('#exp-start').isEnabled()).toBe(true);
    // Past the trainers' disposal (1 s after Stop): no step after the click, nothing failed. The
    // losses of the steps taken before it are read back in groups (syncEvery), so the last few
    // may land after the click; none beyond it.
    await page.waitForTimeout(1500);
    const later = await page.evaluate(() => window.descentExperiment!()!.runs.map((r) => ({ status: r.status, steps: r.losses.length, trainer: r.trainer })));
    for (const [i, run] of later.entries()) {
      expect(run.status).toBe('stopped');
      expect(run.trainer).toBeUndefined();
      expect(run.steps).toBe(stepsAtStop[i]);
    }
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.descentExperiment!()!.runs.map((r) => r.losses.length))).toEqual(stepsAtStop);
    expect(await page.locator('#exp-results tbody tr[data-status="stopped"]').count()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('every run sees the same batches: equal options give equal losses; a step schedule halves the lr on time', async () => {
    const { page, errors } = await show('experiment?steps=30&run=sgd;lr=0.1&run=sgd;lr=0.1&run=sgd;lr=0.1;schedule=step:10:0.5&run=sgd;lr=0.01');
    await page.click('#exp-start');
    await finished(page);
    const runs = await page.evaluate(() => window.descentExperiment!()!.runs.map((r) => ({ status: r.status, losses: r.losses, lrs: r.lrs })));
    expect(runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    const [a, b, scheduled, slow] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    expect(a.losses).toHaveLength(30);
    // Two runs with the same options: the same weights, the same batches, the same losses.
    expect(b.losses).toEqual(a.losses);
    // Another lr: the same first batch on the same initial weights (the loss before any update)...
    expect(slow.losses[0]).toBe(a.losses[0]);
    // ...then its own path.
    expect(slow.losses[5]).not.toBe(a.losses[5]);
    // step:10:0.5: steps 1-10 at lr 0.1, 11-20 at 0.05, 21-30 at 0.025.
    expect(scheduled.lrs.slice(0, 10)).toEqual(Array(10).fill(0.1));
    for (const lr of scheduled.lrs.slice(10, 20)) expect(lr).toBeCloseTo(0.05, 12);
    for (const lr of scheduled.lrs.slice(20, 30)) expect(lr).toBeCloseTo(0.025, 12);
    expect(a.lrs).toEqual(Array(30).fill(0.1));
    // Its losses follow: the same as the constant lr's through step 11 (the loss before the
    // 11th update), different from step 12 on.
    expect(scheduled.losses.slice(0, 11)).toEqual(a.losses.slice(0, 11));
    expect(scheduled.losses[11]).not.toBe(a.losses[11]);
    expect(await page.locator('#exp-results tbody tr').nth(2).textContent()).toMatch(/step:10:0\.5/);
    // MNIST was not fetched again: the progress bar stayed hidden.
    expect(await page.locator('#mnist-progress').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('trains on the webgl backend when asked (software WebGL 2 here): same optimizers, the loss falls', async () => {
    // The same page: switching the backend of a tab that has trained on wasm.
    const { page, errors } = await show('experiment?steps=150&backend=webgl&run=sgd;lr=0.1&run=adam;lr=0.001');
    await page.click('#exp-start');
    await page.waitForFunction(() => document.querySelector('#experiment-status')!.textContent!.startsWith('Training on'), undefined, { timeout: 120_000 });
    expect(await page.locator('#experiment-status').textContent()).toMatch(/^Training on webgl/);
    await finished(page);
    const runs = await page.evaluate(() => window.descentExperiment!()!.runs.map((r) => ({ status: r.status, losses: r.losses, accuracy: r.accuracy.filter((a) => a !== undefined) })));
    for (const run of runs) {
      expect(run.status).toBe('done');
      expect(run.losses).toHaveLength(150);
      expect(mean(run.losses.slice(-20))).toBeLessThan(0.6 * mean(run.losses.slice(0, 20)));
      expect(run.accuracy[run.accuracy.length - 1]).toBeGreaterThan(0.7);
    }
    expect(errors).toEqual([]);
  });
});
