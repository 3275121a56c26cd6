/* global document, requestAnimationFrame, performance, Event, console, MessageChannel */
// Benchmark of the race view, in Chromium (Debian's, through playwright-core) against
// `vite preview` of the built app (run `pnpm --filter playground build` first):
//  0. input-to-paint in the default scene (4 optimizers x 500 steps): card 1's lr slider moved
//     at the start of a frame (where Chromium delivers a dragged slider's input events), timed
//     from before the input event to after that frame's paint (a message posted from the
//     frame's requestAnimationFrame is delivered after the paint): recompute, redraw, chart,
//     style, layout and paint (target: one frame, 16.7 ms);
//  1. a slider change with 8 optimizers x 500 steps: recompute every trajectory with
//     @descent/optimizers, redraw the stage, the loss chart and the leaderboard, write the URL
//     (target: one frame, 16.7 ms);
//  2. the contour field at the canvas's size (about 400 x 400 at this viewport): evaluateGrid + log levels + colours + putImageData
//     (target: 50 ms).
// Medians of repeated runs, after a warm-up, printed beside their targets.
import { startBench } from './harness.mjs';

const { url, context, close } = await startBench();
try {
  let page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  // 0. The default scene, as a first visit shows it.
  await page.goto(`${url}#race`);
  await page.waitForSelector('main[aria-busy="false"]');
  const paint = await page.evaluate(async () => {
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const slider = document.querySelector('.run-card input[type=range]');
    const channel = new MessageChannel();
    const total = [];
    const handler = [];
    for (let i = 0; i < 65; i++) {
      const measured = await new Promise((resolve) => {
        requestAnimationFrame(() => {
          slider.value = String(-2.8 + 0.02 * (i % 10));
          const t0 = performance.now();
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          const t1 = performance.now();
          channel.port1.onmessage = () => resolve([performance.now() - t0, t1 - t0]);
          channel.port2.postMessage(0);
        });
      });
      if (i >= 5) {
        total.push(measured[0]);
        handler.push(measured[1]);
      }
      await frame();
    }
    return { runs: document.querySelectorAll('section.run-card').length, steps: Number(document.querySelector('#steps').value), total: median(total), handler: median(handler), p90: [...total].sort((a, b) => a - b)[Math.floor(total.length * 0.9)] };
  });
  const runs = ['sgd;lr=0.001', 'sgd;lr=0.001;momentum=0.9', 'sgd;lr=0.001;momentum=0.9;nesterov=true', 'adagrad;lr=0.5', 'rmsprop;lr=0.01', 'adam;lr=0.05', 'adamw;lr=0.05;schedule=cosine:500', 'lion;lr=0.01'];
  // A fresh page: a second goto that only changes the hash would not reload the app.
  await page.close();
  page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${url}#race?surface=rosenbrock&steps=500&${runs.map((r) => `opt=${r}`).join('&')}`);
  await page.waitForSelector('main[aria-busy="false"]');
  const result = await page.evaluate(async () => {
    // The view's timings are Performance-timeline measures (race:compute, race:draw, race:results, race:field).
    const last = (name) => performance.getEntriesByName(name, 'measure').at(-1)?.duration ?? NaN;
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const slider = document.querySelector('.run-card input[type=range]');
    const total = [];
    const compute = [];
    const draw = [];
    const results = [];
    for (let i = 0; i < 45; i++) {
      // Move card 1's lr slider, as a user drags it: the handler recomputes and redraws synchronously.
      slider.value = String(-3 + 0.02 * (i % 10));
      const t0 = performance.now();
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      const t = performance.now() - t0;
      if (i >= 5) {
        total.push(t);
        compute.push(last('race:compute'));
        draw.push(last('race:draw'));
        results.push(last('race:results'));
      }
      await frame();
    }
    // A fresh contour field each time: switch the surface and back (each switch renders the field at the canvas's size).
    const field = [];
    const select = document.querySelector('#surface');
    let fieldSize = '';
    for (let i = 0; i < 13; i++) {
      select.value = i % 2 === 0 ? 'himmelblau' : 'rosenbrock';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      const entry = performance.getEntriesByName('race:field', 'measure').at(-1);
      fieldSize = `${entry?.detail?.width} x ${entry?.detail?.height}`;
      if (i >= 3) field.push(entry?.duration ?? NaN);
      await frame();
    }
    return {
      runs: document.querySelectorAll('section.run-card').length,
      steps: [Number(document.querySelector('#steps').value)],
      fieldSize,
      total: median(total),
      compute: median(compute),
      draw: median(draw),
      results: median(results),
      field: median(field),
    };
  });
  const row = (name, ms, target) => console.log(`${name.padEnd(58)} ${ms.toFixed(2).padStart(8)} ms   target ${String(target).padStart(5)} ms   ${ms <= target ? 'within' : 'OVER'} (${(ms / target).toFixed(2)}x of target)`);
  console.log(`playground race benchmark, Chromium ${context.browser()?.version() ?? ''} headless, median of repeats`);
  console.log(`default scene: ${paint.runs} optimizers x ${paint.steps} steps on Rosenbrock`);
  row('slider input-to-paint (median of 60; recompute, redraw, chart, paint)', paint.total, 16.7);
  row('  its 90th percentile', paint.p90, 16.7);
  row('  of which: the input handler (recompute, redraw, chart)', paint.handler, 16.7);
  console.log(`${result.runs} optimizers x ${Math.max(...result.steps)} steps on Rosenbrock`);
  row('slider change: recompute + redraw + chart + leaderboard', result.total, 16.7);
  row('  of which: trajectories (8 x 500 optimizer steps)', result.compute, 16.7);
  row('  of which: stage redraw (field blit, paths, markers)', result.draw, 16.7);
  row('  of which: loss chart (uPlot) and leaderboard', result.results, 16.7);
  row(`contour field ${result.fieldSize} (grid, quantile levels, colours)`, result.field, 50);
} finally {
  await close();
}
