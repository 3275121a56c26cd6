import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS } from './browser';
import { exportExperiment, frameIntervals, mean, pauseLatency, quantile, resultRows, settledSteps, sharedExperimentPage, untilWithin, waitForEnd, waitForSteps, waitForTraining } from './experimentPage';

const { show } = sharedExperimentPage();

describe('experiment view', () => {
  it("trains the lecture's learning rates on real MNIST in a worker: the loss falls, frames stay short, Pause shows at once", async () => {
    // The lecture's four, and SGD at lr 100, which must blow up.
    const { page, errors } = await show('experiment?steps=300&run=sgd;lr=0.0001&run=sgd;lr=0.01&run=sgd;lr=0.1&run=sgd;lr=1&run=sgd;lr=100');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // the preview server sends COOP/COEP
    expect((await resultRows(page)).map((r) => r.status)).toEqual(Array(5).fill('waiting'));
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
    const status = await waitForTraining(page);
    // auto: descent's WebAssembly SIMD kernels, threaded (the page is cross-origin isolated).
    expect(status).toMatch(/^Training on descent \(auto: .*WebAssembly SIMD.*\d threads?\)/);
    const progress = await page.evaluate(() => (window as unknown as { progressSeen: { shown: number; values: number[]; texts: string[] } }).progressSeen);
    expect(progress.shown).toBeGreaterThan(0);
    // "Loading MNIST: 20.3 of 55.0 MB (36%)": the bytes read count up against one total, the
    // four files' length (here the server compresses the transfer, so the browser hands over
    // the unpacked 55.0 MB: 47,040,016 + 60,008 + 7,840,016 + 10,008 bytes), never past it.
    const unpacked = ((47_040_016 + 60_008 + 7_840_016 + 10_008) / 1e6).toFixed(1);
    const loading = progress.texts.map((t) => /^Loading MNIST: ([\d.]+) of ([\d.]+) MB \((\d+)%\)$/.exec(t)).filter((m) => m !== null);
    expect(new Set(loading.map((m) => m[1])).size).toBeGreaterThan(1); // it counts up
    expect(new Set(loading.map((m) => m[2]))).toEqual(new Set([unpacked]));
    for (const [, read, total, percent] of loading) {
      expect(Number(read)).toBeLessThanOrEqual(Number(total));
      expect(Number(percent)).toBeLessThan(100);
    }
    expect(loading.map((m) => Number(m[1]))).toEqual(loading.map((m) => Number(m[1])).sort((a, b) => a - b));
    // Then the line says it is loaded, before the training starts.
    expect(progress.texts).toContain(`MNIST loaded (${unpacked} MB); starting the training…`);
    const fractions = progress.values.filter((v) => v > 0);
    expect(Math.max(...fractions)).toBeGreaterThan(0.9);
    expect(Math.min(...fractions)).toBeLessThan(0.9);
    expect(await page.locator('#mnist-progress').isHidden()).toBe(true); // gone once loaded

    // While the worker trains, the page's frames keep coming (generous bounds: this is a busy
    // 2-core machine; bench/experiment.mjs prints the figures), and the speed line tells steps/s and time left.
    // Each bound must hold in one of up to three windows (see untilWithin); every window's figures are in the message.
    await waitForSteps(page, 20);
    const withinFrames = (w: { frames: number; p50: number; p95: number }) => w.frames > 10 && w.p50 < 50 && w.p95 < 250;
    const windows = await untilWithin(async () => {
      const intervals = await frameIntervals(page, 1500);
      return { frames: intervals.length, p50: quantile(intervals, 0.5), p95: quantile(intervals, 0.95) };
    }, withinFrames);
    const frames = windows.at(-1)!;
    expect(frames.frames, JSON.stringify(windows)).toBeGreaterThan(10);
    expect(frames.p50, JSON.stringify(windows)).toBeLessThan(50);
    expect(frames.p95, JSON.stringify(windows)).toBeLessThan(250);
    expect(await page.locator('#exp-speed').textContent()).toMatch(/^[\d.]+ steps\/s per run \(5 runs: [\d,]+ steps\/s\) · step [\d,]+ of 300 · \d+:\d\d left$/);

    // Pause: the button reads Resume in the next frames; no run moves on; resume: they continue.
    // Up to three tries, resumed in between while the runs still train.
    const latencies = await untilWithin(
      () => pauseLatency(page),
      (ms) => ms < 250,
      async () => {
        await page.click('#exp-pause');
        return !(await page.locator('#exp-pause').isDisabled());
      },
    );
    expect(latencies.at(-1), `pause latencies (ms): ${latencies.join(', ')}`).toBeLessThan(250);
    expect(await page.locator('#experiment-status').textContent()).toBe('Paused.');
    const paused = await settledSteps(page);
    await page.waitForTimeout(1000);
    expect((await resultRows(page)).map((r) => r.steps)).toEqual(paused);
    await page.click('#exp-pause');
    expect(await page.locator('#exp-pause').textContent()).toBe('Pause');

    await waitForEnd(page);
    expect(await page.locator('#experiment-status').textContent()).toBe('Finished on descent.');
    const { runs, engine } = await exportExperiment(page);
    expect(engine).toBe('descent');
    // lr 0.01 and 0.1 finish their 300 steps with a falling loss and a useful classifier.
    for (const [i, lossRatio, minAccuracy] of [
      [1, 0.8, 0.6],
      [2, 0.3, 0.8],
    ] as const) {
      const run = runs[i]!;
      expect(run.status).toBe('done');
      expect(run.losses).toHaveLength(300);
      expect(mean(run.losses.slice(-20))).toBeLessThan(lossRatio * mean(run.losses.slice(0, 20)));
      expect(run.evaluations.at(-1)!.step).toBe(300);
      expect(run.evaluations.at(-1)!.accuracy).toBeGreaterThan(minAccuracy);
    }
    // lr 1e-4 barely moves (the lecture's point), but it does move down.
    expect(mean(runs[0]!.losses.slice(-20))).toBeLessThan(mean(runs[0]!.losses.slice(0, 20)));
    expect(runs[0]!.evaluations.at(-1)!.accuracy).toBeLessThan(0.7);
    // lr 100 goes wrong (its loss goes from 2.3 to tens, or to NaN) and is marked so.
    expect(runs[4]!.blewUpAt ?? runs[4]!.divergedAt).not.toBeNull();
    const last = page.locator('#exp-results tbody tr').nth(4);
    expect(await last.getAttribute('data-diverged')).toBe('true');
    expect(await last.locator('td.bad').textContent()).toMatch(/(diverged|blew up) at step \d+/);
    // The table agrees with the export.
    expect((await resultRows(page)).map((r) => r.steps)).toEqual(runs.map((r) => r.losses.length));
    await page.screenshot({ path: join(ARTIFACTS, 'experiment.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('Stop ends every run at once: the buttons say so, and no step follows', async () => {
    const { page, errors } = await show('experiment?steps=5000&run=sgd;lr=0.1&run=adam;lr=0.001');
    await page.click('#exp-start');
    await waitForTraining(page);
    await waitForSteps(page, 15);
    await page.click('#exp-stop');
    expect(await page.locator('#experiment-status').textContent()).toBe('Stopped.');
    expect((await resultRows(page)).map((r) => r.status)).toEqual(['stopped', 'stopped']);
    expect(await page.locator('#exp-stop').isDisabled()).toBe(true);
    expect(await page.locator('#exp-pause').isDisabled()).toBe(true);
    expect(await page.locator('#exp-start').isEnabled()).toBe(true);
    // The steps in flight when the click came arrive within a slice of the worker (25 ms); none after.
    const stopped = await settledSteps(page);
    await page.waitForTimeout(1500);
    expect((await resultRows(page)).map((r) => r.steps)).toEqual(stopped);
    expect(stopped.every((s) => s >= 15 && s < 5000)).toBe(true);
    const exported = await exportExperiment(page);
    expect(exported.runs.map((r) => r.losses.length)).toEqual(stopped);
    expect(exported.runs.map((r) => r.status)).toEqual(['stopped', 'stopped']);
    expect(errors).toEqual([]);
  });

  it('every run sees the same batches: equal options give equal losses; a step schedule halves the lr on time', async () => {
    const { page, errors } = await show('experiment?steps=30&run=sgd;lr=0.1&run=sgd;lr=0.1&run=sgd;lr=0.1;schedule=step:10:0.5&run=sgd;lr=0.01');
    await page.click('#exp-start');
    await waitForEnd(page);
    const { runs } = await exportExperiment(page);
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
    // Its losses follow: the same as the constant lr's through step 11, different from step 12 on.
    expect(scheduled.losses.slice(0, 11)).toEqual(a.losses.slice(0, 11));
    expect(scheduled.losses[11]).not.toBe(a.losses[11]);
    expect(await page.locator('#exp-results tbody tr').nth(2).textContent()).toMatch(/step:10:0\.5/);
    // MNIST was not fetched again: the progress bar stayed hidden.
    expect(await page.locator('#mnist-progress').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('trains on the TensorFlow.js backends when asked (wasm, and software WebGL 2): same first loss as descent, the loss falls', async () => {
    const { page } = await show('experiment?steps=5&run=sgd;lr=0.1');
    await page.click('#exp-start');
    await waitForEnd(page);
    const reference = (await exportExperiment(page)).runs[0]!.losses;
    for (const backend of ['wasm', 'webgl']) {
      const { page: p, errors } = await show(`experiment?steps=120&backend=${backend}&run=sgd;lr=0.1&run=adam;lr=0.001`);
      await p.click('#exp-start');
      expect(await waitForTraining(p)).toMatch(new RegExp(`^Training on ${backend}`));
      await waitForEnd(p);
      const { runs, engine } = await exportExperiment(p);
      expect(engine).toBe(backend);
      for (const run of runs) {
        expect(run.status).toBe('done');
        expect(run.losses).toHaveLength(120);
        expect(mean(run.losses.slice(-20))).toBeLessThan(0.6 * mean(run.losses.slice(0, 20)));
      }
      // The same initial weights and the same first batches as descent's kernels, within float32 rounding.
      for (let i = 0; i < 5; i++) expect(Math.abs(runs[0]!.losses[i]! - reference[i]!)).toBeLessThan(2e-3);
      expect(errors).toEqual([]);
    }
  });
});
