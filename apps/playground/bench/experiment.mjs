/* global PerformanceObserver, document, requestAnimationFrame, performance, console, crossOriginIsolated */
// Benchmark of the experiment view, in Chromium (Debian's, through playwright-core) against
// `vite preview` of the built app (run `pnpm --filter playground build` first). It reads only
// the page, as a user would:
//  1. training speed: the lecture's four runs (SGD at lr 1e-4, 1e-2, 1e-1, 1) on real MNIST;
//     the steps column of the results table, sampled over a window once every run trains,
//     gives the steps per second of each run;
//  2. frame times while training: requestAnimationFrame timestamps over the same window
//     (median and p95 of the intervals; target p95 under 20 ms);
//  3. Pause latency: from the click to the first frame painted with the button reading
//     "Resume", the median of 8 pauses (target: within one frame).
// Options: --backend NAME (the view's backend choice; default auto), --seconds S (window, default 8).
import { parseArgs } from 'node:util';
import { startBench } from './harness.mjs';

const { values: args } = parseArgs({ options: { backend: { type: 'string', default: 'auto' }, seconds: { type: 'string', default: '8' }, dist: { type: 'string', default: 'dist' } } });
const { url, context, close } = await startBench(args.dist);
try {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const runs = [1e-4, 1e-2, 1e-1, 1].map((lr) => `run=sgd;lr=${lr}`).join('&');
  const backend = args.backend === 'auto' ? '' : `&backend=${args.backend}`;
  await page.goto(`${url}#experiment?hidden=200&batch=64&steps=100000&seed=1${backend}&${runs}`);
  await page.waitForSelector('main[aria-busy="false"]');
  const isolated = await page.evaluate(() => crossOriginIsolated);
  await page.click('#exp-start');
  await page.waitForFunction(() => /^Training on/.test(document.querySelector('#experiment-status')?.textContent ?? ''), undefined, { timeout: 180_000 });
  const status = await page.locator('#experiment-status').textContent();
  const steps = () => page.evaluate(() => Array.from(document.querySelectorAll('#exp-results tbody tr')).map((tr) => Number(tr.children[1]?.textContent?.replace(/[^\d]/g, '') ?? NaN)));
  // Warm up until every run has stepped, then measure.
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#exp-results tbody tr')).every((tr) => Number(tr.children[1]?.textContent?.replace(/[^\d]/g, '')) >= 20), undefined, { timeout: 120_000 });
  const seconds = Number(args.seconds);
  const before = await steps();
  const t0 = Date.now();
  const { stamps: frames, longTasks } = await page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const stamps = [];
        // Tasks of the page's main thread over 50 ms (the page's own work, as against waiting for a core).
        const longTasks = [];
        const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
        observer.observe({ type: 'longtask' });
        const end = performance.now() + ms;
        const tick = (t) => {
          stamps.push(t);
          if (t < end) requestAnimationFrame(tick);
          else {
            observer.disconnect();
            resolve({ stamps, longTasks });
          }
        };
        requestAnimationFrame(tick);
      }),
    seconds * 1000,
  );
  const after = await steps();
  const renders = await page.evaluate(() => performance.getEntriesByName('experiment:render', 'measure').map((e) => e.duration).sort((a, b) => a - b));
  const elapsed = (Date.now() - t0) / 1000;
  const rates = after.map((s, i) => (s - before[i]) / elapsed);
  const intervals = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const quantile = (q) => intervals[Math.min(intervals.length - 1, Math.floor(q * intervals.length))];
  // Pause: from the (real, trusted) click's timestamp to the first frame whose DOM shows
  // "Resume", over PAUSES pauses (each resumed after a while, training between them).
  const PAUSES = 8;
  const latencies = [];
  for (let k = 0; k < PAUSES; k++) {
    await page.evaluate(() => {
      const button = document.querySelector('#exp-pause');
      const seen = {};
      globalThis.pauseSeen = seen;
      button.addEventListener('click', (event) => (seen.clicked = event.timeStamp), { capture: true, once: true });
      const watch = () => {
        if (seen.clicked !== undefined && button.textContent === 'Resume') seen.latency = performance.now() - seen.clicked;
        else requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.click('#exp-pause');
    await page.waitForFunction(() => globalThis.pauseSeen.latency !== undefined, undefined, { timeout: 60_000 });
    latencies.push(await page.evaluate(() => globalThis.pauseSeen.latency));
    await page.waitForTimeout(300);
    if (k < PAUSES - 1) {
      await page.click('#exp-pause');
      await page.waitForTimeout(700);
    }
  }
  latencies.sort((a, b) => a - b);
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  console.log(`playground experiment benchmark, Chromium ${context.browser()?.version() ?? ''} headless, cross-origin isolated: ${isolated}`);
  console.log(`status: ${status}`);
  console.log(`lecture's 4 runs (784-200-10, batch 64), window ${elapsed.toFixed(1)} s`);
  console.log(`steps/s per run: ${rates.map((r) => r.toFixed(1)).join(', ')} (mean ${mean.toFixed(1)}; all runs together ${(mean * rates.length).toFixed(1)})`);
  console.log(`frames while training: ${intervals.length}, median ${quantile(0.5).toFixed(1)} ms, p95 ${quantile(0.95).toFixed(1)} ms, max ${intervals[intervals.length - 1].toFixed(1)} ms (target p95 < 20 ms)`);
  console.log(`main-thread tasks over 50 ms in that window: ${longTasks.length}, ${longTasks.reduce((a, b) => a + b, 0).toFixed(0)} ms in all`);
  console.log(`view redraws (charts, lessons, table): ${renders.length}, median ${renders[Math.floor(renders.length / 2)]?.toFixed(1)} ms, max ${renders[renders.length - 1]?.toFixed(1)} ms`);
  console.log(`Pause shown ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms after the click (median of ${latencies.length}; best ${latencies[0].toFixed(1)}, worst ${latencies[latencies.length - 1].toFixed(1)}; target: within one frame, 16.7 ms)`);
} finally {
  await close();
}
