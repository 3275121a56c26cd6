import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS } from './browser';
import { exportExperiment, resultRows, settledSteps, sharedExperimentPage, showExperiment, untilWithin, waitForEnd, waitForSteps, waitForTraining } from './experimentPage';

const shared = sharedExperimentPage();

/** Pixels of a canvas under `selector` close to the colour `hex` (within 40 per channel). */
async function pixelsOf(page: Page, selector: string, hex: string): Promise<number> {
  return page.evaluate(
    ([sel, colour]) => {
      const canvas = document.querySelector(sel) as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const want = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (want.every((w, k) => Math.abs(data[i + k]! - w) < 40) && data[i + 3]! > 200) n++;
      return n;
    },
    [selector, hex] as const,
  );
}

/** Elements wider than the viewport (nothing may overflow sideways). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    const wide = Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && el.checkVisibility())
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
    return root.scrollWidth > root.clientWidth ? ['(page)', ...wide.slice(0, 8)] : wide.slice(0, 8);
  });
}

describe('experiment view: the lecture, tab switches, limits, screenshots', () => {
  it("shows the lecture's lessons and PyTorch's replay dashed; the runs follow PyTorch's losses step by step; lr 10 visibly goes wrong", async () => {
    const { page, errors } = await shared.show('experiment');
    // The default is the lecture's preset: its runs, each with its lesson.
    expect((await resultRows(page)).map((r) => r.label)).toEqual(['1. SGD lr=0.0001', '2. SGD lr=0.01', '3. SGD lr=0.1', '4. SGD lr=1', '5. SGD lr=1 · step:938:0.5', '6. SGD lr=10']);
    const lessons = await page.locator('#exp-lessons li').allTextContents();
    expect(lessons).toHaveLength(6);
    expect(lessons[0]).toMatch(/Low learning rate: slow convergence\./);
    expect(lessons[1]).toMatch(/well chosen learning rate converges/);
    expect(lessons[2]).toMatch(/fast at the beginning, but fails to find a good optimum/);
    expect(lessons[3]).toMatch(/oscillations start to appear/);
    expect(lessons[4]).toMatch(/divide by two every X epochs/);
    expect(lessons[5]).toMatch(/Far too high/);
    // PyTorch's curves are on the charts before any training: dashed, in each run's colour, named in the legends and the key.
    await page.waitForFunction(() => document.querySelector('#exp-chart-key')!.textContent!.includes('Dashed: PyTorch'));
    expect(await page.locator('#exp-loss-chart .u-legend').textContent()).toContain('1. PyTorch');
    expect(await page.locator('#exp-accuracy-chart .u-legend').textContent()).toContain('5. PyTorch');
    expect(await pixelsOf(page, '#exp-loss-chart canvas', '#ff5a36')).toBeGreaterThan(50); // run 1's colour (PyTorch's lr 1e-4)
    expect(await pixelsOf(page, '#exp-loss-chart canvas', '#ff4fd8')).toBeGreaterThan(50); // run 3's

    // Train 60 steps of every run: the same weights and batches as PyTorch's replay give the same losses.
    await page.fill('#exp-steps', '60');
    await page.press('#exp-steps', 'Enter');
    expect(await page.evaluate(() => location.hash)).toMatch(/steps=60/);
    await page.click('#exp-start');
    await waitForTraining(page);
    await waitForEnd(page);
    const { runs } = await exportExperiment(page);
    const fixture = (await (await fetch(`${shared.url()}lecture/pytorch-lecture-curves.json`)).json()) as { curves: Array<{ name: string; losses: number[] }> };
    for (const [i, name] of ['lr-0.0001', 'lr-0.01', 'lr-0.1'].entries()) {
      const reference = fixture.curves.find((c) => c.name === name)!.losses;
      for (let step = 0; step < 60; step++) expect(Math.abs(runs[i]!.losses[step]! - reference[step]!), `${name} step ${step + 1}`).toBeLessThan(2e-3);
    }
    // lr 10 goes wrong where everyone can see it: marked in the table, the chart's legend and its lesson.
    const bad = page.locator('#exp-results tbody tr').nth(5);
    expect(await bad.getAttribute('data-diverged')).toBe('true');
    expect(await bad.locator('td.bad').textContent()).toMatch(/(blew up|diverged) at step \d+/);
    expect(await page.locator('#exp-loss-chart .u-legend').textContent()).toMatch(/6\. SGD lr=10 ✕ (blew up|diverged) at \d+/);
    // The lessons now quote the runs' figures beside PyTorch's at the same step.
    expect(await page.locator('#exp-lessons li').nth(1).textContent()).toMatch(/Now: loss [\d.]+ at step 60; PyTorch at that step: [\d.]+\./);
    for (const [name, viewport, scale] of [
      ['experiment-1440x900', { width: 1440, height: 900 }, 1],
      ['experiment-1440x900@2x', { width: 1440, height: 900 }, 2],
      ['experiment-390x844', { width: 390, height: 844 }, 1],
      ['experiment-390x844@2x', { width: 390, height: 844 }, 2],
    ] as const) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: scale, mobile: viewport.width < 500 });
      await page.waitForFunction((w) => document.querySelector('#exp-loss-chart canvas')!.getBoundingClientRect().width <= w, viewport.width);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => devicePixelRatio)).toBe(scale);
      expect(await overflowing(page), name).toEqual([]);
      // Through CDP, which captures at the emulated pixel ratio (the whole page: its scroll height).
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const shot = (await cdp.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip: { x: 0, y: 0, width: viewport.width, height, scale: 1 } })) as { data: string };
      const png = Buffer.from(shot.data, 'base64');
      expect(png.readUInt32BE(16), `${name} width in pixels`).toBe(viewport.width * scale);
      await writeFile(join(ARTIFACTS, `${name}.png`), png);
      await cdp.send('Emulation.clearDeviceMetricsOverride');
      await cdp.detach();
    }
    expect(errors).toEqual([]);
  });

  it('the runs survive a switch to the race tab and back, and train on meanwhile', async () => {
    const { page } = await shared.show('experiment?steps=4000&run=sgd;lr=0.1&run=adam;lr=0.001');
    await page.click('#exp-start');
    await waitForTraining(page);
    await waitForSteps(page, 20);
    const before = await resultRows(page);
    await page.click('nav a[data-view="race"]');
    await page.waitForSelector('#surface');
    expect(await page.locator('#exp-results').count()).toBe(0);
    await page.waitForTimeout(1500);
    await page.click('nav a[data-view="experiment"]');
    await page.waitForSelector('#exp-results');
    const after = await resultRows(page);
    expect(after.map((r) => r.status)).toEqual(['running', 'running']);
    for (const [i, row] of after.entries()) expect(row.steps).toBeGreaterThan(before[i]!.steps);
    expect(await page.locator('#exp-stop').isEnabled()).toBe(true);
    const { runs } = await exportExperiment(page);
    // The curves from before the switch are still there, from step 1.
    expect(runs.map((r) => r.losses.length).every((n, i) => n >= after[i]!.steps)).toBe(true);
    await page.click('#exp-stop');
    expect((await resultRows(page)).map((r) => r.status)).toEqual(['stopped', 'stopped']);
    expect(shared.page().errors).toEqual([]);
  });

  it('a link with hidden=4096, batch=4096, steps=100000 and 8 Adam runs is capped, says why, and Stop answers at once', async () => {
    const runs = Array.from({ length: 8 }, () => 'run=adam').join('&');
    const { page } = await shared.show(`experiment?hidden=4096&batch=4096&steps=100000&${runs}`);
    const notice = page.locator('#exp-capped');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toMatch(/^Capped to fit this tab: hidden 4,096 → [\d,]+, batch 4,096 → [\d,]+, steps 100,000 → [\d,]+\. 8 runs at the requested sizes are about 64 PFLOP/);
    const hidden = Number(await page.inputValue('#exp-hidden'));
    const batch = Number(await page.inputValue('#exp-batch'));
    expect(hidden * batch).toBeLessThan(4096 * 4096);
    // The link says what is on screen.
    expect(await page.evaluate(() => location.hash)).toContain(`hidden=${hidden}&batch=${batch}`);
    // The page stays responsive: a click is handled and painted quickly, in one of up to three
    // starts (see untilWithin).
    const shown = await untilWithin(async () => {
      await page.click('#exp-start');
      await waitForTraining(page);
      await waitForSteps(page, 2);
      return page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const start = performance.now();
            (document.querySelector('#exp-stop') as HTMLButtonElement).click();
            requestAnimationFrame(() => resolve(performance.now() - start));
          }),
      );
    }, (ms) => ms < 250);
    expect(shown.at(-1), `Stop to paint (ms): ${shown.join(', ')}`).toBeLessThan(250);
    expect(await page.locator('#experiment-status').textContent()).toMatch(/^Stopped/);
    const frozen = await settledSteps(page);
    await page.waitForTimeout(1000);
    expect((await resultRows(page)).map((r) => r.steps)).toEqual(frozen);
    expect((await resultRows(page)).every((r) => r.status === 'stopped')).toBe(true);
    // After Stop, a new start trains again (the worker, ended or not, comes back).
    await showExperiment(page, 'experiment?steps=20&run=sgd;lr=0.1');
    await page.click('#exp-start');
    await waitForEnd(page);
    expect((await resultRows(page)).map((r) => [r.status, r.steps])).toEqual([['done', 20]]);
    expect(shared.page().errors).toEqual([]);
  });

  it('10,000 bad opt= entries in a link give a short list of problems, each counted once', async () => {
    const { page } = shared.page();
    const bad = Array.from({ length: 10_000 }, (_, i) => `opt=${i % 2 === 0 ? 'nosuch' : 'adam;lr=oops'}`).join('&');
    await page.evaluate((hash) => (location.hash = hash), `race?${bad}`);
    await page.waitForSelector('#problems:not([hidden])');
    const items = await page.locator('#problems li').allTextContents();
    expect(items.length).toBeGreaterThan(1);
    expect(items.length).toBeLessThanOrEqual(11);
    expect(new Set(items).size).toBe(items.length);
    expect(items.some((t) => /\(× [\d,]+\)$/.test(t))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'problems-10000.png') });
  });
});
