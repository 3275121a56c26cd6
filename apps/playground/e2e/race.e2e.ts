import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, openPage, startHarness, type Harness } from './browser';
import { basinCount, exportRace, linkRuns, paths, playhead, playheadPast, playing, startShown, stopped } from './racePage';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** Pixels of the stage canvas: how many differ from the field without paths, and a few samples. */
async function canvasSummary(page: import('playwright-core').Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas.field') as HTMLCanvasElement;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    let nonBlack = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      if (data[i]! + data[i + 1]! + data[i + 2]! > 30) nonBlack++;
    }
    return { width, height, distinctColours: colours.size, nonBlackFraction: nonBlack / (data.length / (4 * 7)) };
  });
}

describe('race view', () => {
  it('runs a race and draws the field, the paths and the leaderboard', async () => {
    const { page, errors } = await openPage(harness, '#race');
    const race = await exportRace(page);
    const state = {
      surface: race.state.surface,
      runs: race.state.runs.length,
      lengths: race.runs.map((r) => r.points.length),
      finals: race.runs.map((r) => [r.points.at(-1)!.x, r.points.at(-1)!.y, r.points.at(-1)!.f, r.points[0]!.f]),
    };
    expect(state.surface).toBe('rosenbrock');
    expect(state.runs).toBe(4);
    // Every optimizer took its 500 steps and the best one got far below the start's loss.
    expect(state.lengths).toEqual([501, 501, 501, 501]);
    const best = Math.min(...state.finals.map((f) => f[2]!));
    expect(best).toBeLessThan(state.finals[0]![3]! * 1e-2);
    const pixels = await canvasSummary(page);
    expect(pixels.width).toBeGreaterThan(200);
    expect(pixels.distinctColours).toBeGreaterThan(12); // filled bands, not a blank canvas
    expect(pixels.nonBlackFraction).toBeGreaterThan(0.9);
    // A path colour (Adam's, run 4: #ffd23f) is on the canvas.
    const pathPixels = await page.evaluate(() => {
      const canvas = document.querySelector('canvas.field') as HTMLCanvasElement;
      const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 0xff) < 8 && Math.abs(data[i + 1]! - 0xd2) < 8 && Math.abs(data[i + 2]! - 0x3f) < 8) n++;
      return n;
    });
    expect(pathPixels).toBeGreaterThan(50);
    const rows = await page.locator('#leaderboard tbody tr').count();
    expect(rows).toBe(4);
    await page.screenshot({ path: join(ARTIFACTS, 'race.png'), fullPage: true });

    // Play the animation: the playhead moves from 0 to the end.
    await page.click('#play');
    await playheadPast(page, 10);
    await stopped(page, 60_000);
    expect(await playhead(page)).toBe(500);

    // Clicking the canvas moves the start and recomputes.
    await page.locator('canvas.field').scrollIntoViewIfNeeded();
    const box = (await page.locator('canvas.field').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.2);
    const moved = { start: await startShown(page), first: [(await exportRace(page)).runs[0]!.points[0]!.x] };
    expect(moved.start[0]).toBeGreaterThan(0.5);
    expect(moved.first[0]).toBeCloseTo(moved.start[0], 5);
    await page.waitForFunction((text) => location.hash.includes(text), `start=${moved.start[0]},${moved.start[1]}`);

    // Keyboard: arrow keys on the focused canvas move the start by 1% of the view.
    await page.focus('canvas.field');
    await page.keyboard.press('ArrowLeft');
    const keyed = await startShown(page);
    expect(keyed[0]).toBeCloseTo(moved.start[0] - 0.04, 6);
    expect(keyed[1]).toBeCloseTo(moved.start[1], 6);

    // Exports: the trajectories as JSON, the picture as PNG.
    const exported = await exportRace(page);
    expect(exported.runs).toHaveLength(4);
    // Adam's whole path (SGD at Rosenbrock's lr may leave from the steep wall clicked on).
    expect(exported.runs[3]!.points).toHaveLength(501);
    expect(exported.link).toContain('#race?surface=rosenbrock');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const bytes = await (await import('node:fs/promises')).readFile((await png.path())!);
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');

    // Basin map of run 4.
    await page.selectOption('#basin', '3');
    // The legend counts the starts that end at each minimum: some reach Rosenbrock's (1, 1).
    expect(await basinCount(page, 0)).toBeGreaterThan(0);
    expect(await page.locator('#basin-legend').textContent()).toMatch(/global \(1, 1\): \d+ of 4096/);
    await page.screenshot({ path: join(ARTIFACTS, 'race-basin.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('restores the same view from its link', async () => {
    const { page, errors } = await openPage(harness, '#race');
    await page.selectOption('#surface', 'himmelblau');
    await page.selectOption('#add-run', { label: 'Lion' });
    await page.fill('#seed', '7');
    await page.dispatchEvent('#seed', 'change');
    await page.waitForFunction(() => location.hash.includes('seed=7') && location.hash.includes('opt=lion'));
    const link = page.url();
    const before = await exportRace(page);
    const pixelsBefore = await page.evaluate(() => (document.querySelector('canvas.field') as HTMLCanvasElement).toDataURL());
    await page.close();

    const { page: again, errors: errors2 } = await openPage(harness, link.slice(harness.url.length));
    const after = await exportRace(again);
    expect(after.state).toEqual(before.state);
    expect(after.state.runs).toHaveLength(5);
    expect(after.runs).toEqual(before.runs);
    expect(after.link).toBe(before.link);
    expect(await again.evaluate(() => (document.querySelector('canvas.field') as HTMLCanvasElement).toDataURL())).toBe(pixelsBefore);
    expect(await again.locator('#problems').isHidden()).toBe(true);
    expect([...errors, ...errors2]).toEqual([]);
    await again.close();
  });

  it('falls back field by field on a broken link and says so', async () => {
    const { page, errors } = await openPage(harness, '#race?surface=nowhere&steps=abc&start=1,2&frame=800&opt=adam;lr=-3&opt=bogus&opt=sgd;momentum=0.9;schedule=step:zz', { width: 390, height: 844 });
    const problems = await page.locator('#problems li').allTextContents();
    expect(problems.join('\n')).toMatch(/surface 'nowhere' is unknown/);
    expect(problems.join('\n')).toMatch(/steps=abc/);
    expect(problems.join('\n')).toMatch(/unknown optimizer 'bogus'/);
    expect(problems.join('\n')).toMatch(/lr=-3/);
    expect(problems.join('\n')).toMatch(/schedule 'step:zz' is invalid/);
    expect(problems.join('\n')).toMatch(/frame=800: past the last step \(500\)/);
    expect(await page.locator('#playhead').textContent()).toBe('step 500 / 500');
    expect(await page.locator('#surface').inputValue()).toBe('rosenbrock');
    expect(await page.locator('section.run-card header select').evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).value))).toEqual(['adam', 'sgd']);
    expect(await page.locator('canvas.field').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'race-narrow-broken-link.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('navigation', () => {
  it('switches views and back without errors, and survives an unknown view', async () => {
    const { page, errors } = await openPage(harness, '#nowhere?x=1');
    expect(await page.locator('#problems').textContent()).toMatch(/unknown view 'nowhere'/);
    expect(await page.locator('canvas.field').isVisible()).toBe(true);
    await page.click('nav a[data-view="experiment"]');
    await page.waitForSelector('#exp-start');
    expect(page.url()).toContain('#experiment?');
    await page.click('nav a[data-view="race"]');
    await page.waitForSelector('canvas.field');
    expect(page.url()).toContain('#race?surface=');
    expect(errors).toEqual([]);
    await page.close();
  });
});

// ---- the controls, one shared page (a new view is shown by setting the hash) ----



/** One page for the control tests: opening a page costs more than the tests themselves. */
let shared: { page: Page; errors: string[] } | undefined;
async function sharedPage(): Promise<{ page: Page; errors: string[] }> {
  shared ??= await openPage(harness, '#race');
  return shared;
}
afterAll(async () => {
  await shared?.page.close();
});

/** Shows the race of `hash` in the shared page (through the router, as a pasted link would). */
async function show(hash: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await sharedPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  // hashchange listeners run in order: the app's router first, then this one.
  await page.evaluate(
    (target) =>
      new Promise<void>((resolve) => {
        window.addEventListener('hashchange', () => resolve(), { once: true });
        location.hash = target;
      }),
    hash,
  );
  return { page, errors };
}

const hexRgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

/** Pixels of the canvas `selector` within `tolerance` of `hex` on every channel. */
async function countColour(page: Page, selector: string, hex: string, tolerance = 8): Promise<number> {
  return page.evaluate(
    ({ selector, rgb, tolerance }) => {
      const canvas = document.querySelector(selector) as HTMLCanvasElement;
      const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 200 && Math.abs(data[i]! - rgb[0]) <= tolerance && Math.abs(data[i + 1]! - rgb[1]) <= tolerance && Math.abs(data[i + 2]! - rgb[2]) <= tolerance) n++;
      }
      return n;
    },
    { selector, rgb: hexRgb(hex), tolerance },
  );
}

const fieldPixels = (page: Page): Promise<string> => page.evaluate(() => (document.querySelector('canvas.field') as HTMLCanvasElement).toDataURL());
const card = (page: Page, n: number) => page.locator(`section.run-card[aria-label="optimizer ${n}"]`);
/** Waits for the debounced hash write. */
const hashHas = (page: Page, text: string) => page.waitForFunction((t) => decodeURIComponent(location.hash).includes(t), text);

// Colours of runs 1-4 (src/race/runLabel.ts).
const RED = '#ff5a36';
const WHITE = '#ffffff';
const PINK = '#ff4fd8';
const YELLOW = '#ffd23f';

describe('race view controls', () => {
  it('removes an optimizer: state, cards, paths, chart, leaderboard, link and the basin choice follow', async () => {
    const { page, errors } = await show('race?steps=200&opt=sgd&opt=sgd;momentum=0.9&opt=rmsprop&opt=adam;lr=0.05&basin=3');
    await basinCount(page, 0);
    const before = await paths(page);
    expect(before).toHaveLength(4);
    expect(await countColour(page, 'canvas.field', YELLOW)).toBeGreaterThan(30);
    expect(await countColour(page, '.results .chart canvas', YELLOW)).toBeGreaterThan(30);

    await page.click('button[aria-label="remove optimizer 2"]');
    expect((await exportRace(page)).state.runs).toEqual([
      { name: 'sgd', options: {}, schedule: '' },
      { name: 'rmsprop', options: {}, schedule: '' },
      { name: 'adam', options: { lr: 0.05 }, schedule: '' },
    ]);
    // The basin map still shows Adam, now optimizer 3.
    expect(await page.locator('#basin').inputValue()).toBe('2');
    // The others' paths are untouched; the removed one is gone.
    const after = await paths(page);
    expect(after).toEqual([before[0], before[2], before[3]]);
    expect(await page.locator('section.run-card').count()).toBe(3);
    expect(await page.locator('section.run-card header select').evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).value))).toEqual(['sgd', 'rmsprop', 'adam']);
    const board = await page.locator('#leaderboard tbody tr').allTextContents();
    expect(board).toHaveLength(3);
    expect(board.join('\n')).not.toMatch(/momentum/);
    expect(await page.locator('.results .u-legend .u-series').count()).toBe(3);
    // Adam is drawn in run 3's colour now: no run-4 yellow left on the field or the chart.
    expect(await countColour(page, 'canvas.field', YELLOW)).toBe(0);
    expect(await countColour(page, '.results .chart canvas', YELLOW)).toBe(0);
    expect(await countColour(page, '.results .chart canvas', PINK)).toBeGreaterThan(30);
    await hashHas(page, 'basin=2');
    expect(page.url()).not.toContain('momentum');
    expect(decodeURIComponent(page.url())).toContain('opt=sgd&opt=rmsprop&opt=adam;lr=0.05&basin=2');
    expect(errors).toEqual([]);
  });

  it('the lr log slider, momentum, Nesterov, betas and eps change the options, the link and the paths', async () => {
    const { page, errors } = await show('race?steps=200&opt=sgd&opt=sgd;momentum=0.9&opt=adam');
    const before = await paths(page);
    const pixels = await fieldPixels(page);
    const one = card(page, 1);
    const lrSlider = one.locator('input[type=range][aria-label="lr (log scale)"]');
    // Two moves of the same slider: both must land.
    await lrSlider.fill('-2');
    await linkRuns(page, ['sgd;lr=0.01', 'sgd;momentum=0.9', 'adam']);
    await lrSlider.fill('-1.5');
    await linkRuns(page, ['sgd;lr=0.0316', 'sgd;momentum=0.9', 'adam']);
    expect(await one.locator('input.num[aria-label="lr"]').inputValue()).toBe('0.0316');
    await hashHas(page, 'opt=sgd;lr=0.0316&');
    // Plain SGD's first step is -lr * grad: 31.6 times the step at the default lr 1e-3.
    const sgd = (await paths(page))[0]!;
    expect((sgd.xs[1]! - sgd.xs[0]!) / (before[0]!.xs[1]! - before[0]!.xs[0]!)).toBeCloseTo(31.6, 3);
    expect((sgd.ys[1]! - sgd.ys[0]!) / (before[0]!.ys[1]! - before[0]!.ys[0]!)).toBeCloseTo(31.6, 3);
    expect(await fieldPixels(page)).not.toBe(pixels);
    // The exact box moves the slider too.
    await one.locator('input.num[aria-label="lr"]').fill('0.001');
    await one.locator('input.num[aria-label="lr"]').press('Enter');
    await linkRuns(page, ['sgd', 'sgd;momentum=0.9', 'adam']);
    expect(Number(await lrSlider.inputValue())).toBeCloseTo(-3, 9);
    expect((await paths(page))[0]).toEqual(before[0]);

    // Momentum from 0.9 to 0.5 (the number box), then Nesterov.
    const two = card(page, 2);
    await two.locator('input.num[aria-label="momentum"]').fill('0.5');
    await two.locator('input.num[aria-label="momentum"]').press('Tab');
    await linkRuns(page, ['sgd', 'sgd;momentum=0.5', 'adam']);
    expect(await two.locator('input[type=range][aria-label="momentum (slider)"]').inputValue()).toBe('0.5');
    const m05 = (await paths(page))[1]!;
    expect(m05.xs).not.toEqual(before[1]!.xs);
    // torch's momentum starts its buffer at the first gradient: the first step is plain SGD's.
    expect(m05.xs[1]).toBe(before[0]!.xs[1]);
    await two.getByLabel('nesterov').check();
    await linkRuns(page, ['sgd', 'sgd;momentum=0.5;nesterov=true', 'adam']);
    const nesterov = (await paths(page))[1]!;
    // Nesterov's first step is (1 + mu) times plain SGD's: 1.5 x.
    expect((nesterov.xs[1]! - nesterov.xs[0]!) / (before[0]!.xs[1]! - before[0]!.xs[0]!)).toBeCloseTo(1.5, 3);
    await hashHas(page, 'opt=sgd;momentum=0.5;nesterov=true');

    // Adam: betas[0] by its box, eps by its log slider.
    const three = card(page, 3);
    await three.locator('input.num[aria-label="betas[0]"]').fill('0.8');
    await three.locator('input.num[aria-label="betas[0]"]').press('Tab');
    await linkRuns(page, ['sgd', 'sgd;momentum=0.5;nesterov=true', 'adam;betas=0.8,0.999']);
    const b08 = (await paths(page))[2]!;
    expect(b08.losses).not.toEqual(before[2]!.losses);
    await three.locator('input[type=range][aria-label="eps (log scale)"]').fill('0');
    await linkRuns(page, ['sgd', 'sgd;momentum=0.5;nesterov=true', 'adam;betas=0.8,0.999;eps=1']);
    const eps1 = (await paths(page))[2]!;
    // With eps = 1 the first step is lr * |g| / (|g| + 1), shorter than Adam's usual lr.
    expect(Math.hypot(eps1.xs[1]! - eps1.xs[0]!, 0)).toBeLessThan(Math.abs(b08.xs[1]! - b08.xs[0]!));
    await hashHas(page, 'opt=adam;betas=0.8,0.999;eps=1');
    // An invalid value is refused and marked, the state keeps the last good one.
    await three.locator('input.num[aria-label="betas[1]"]').fill('1.5');
    await three.locator('input.num[aria-label="betas[1]"]').press('Tab');
    expect(await three.locator('input.num[aria-label="betas[1]"]').getAttribute('aria-invalid')).toBe('true');
    expect((await exportRace(page)).state.runs[2]!.options).toEqual({ betas: [0.8, 0.999], eps: 1 });
    expect(errors).toEqual([]);
  });

  it('a schedule halves the lr at its step, the path follows, and its preview draws it', async () => {
    const { page, errors } = await show('race?steps=200&opt=sgd;lr=0.001&opt=adam');
    const constant = (await paths(page))[0]!;
    const preview = async () =>
      page.evaluate(() => {
        const canvas = document.querySelector('section.run-card[aria-label="optimizer 1"] canvas.schedule-preview') as HTMLCanvasElement;
        const { data, width, height } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
        // The topmost inked row of each column (-1: none).
        const top = Array.from({ length: width }, (_, x) => {
          for (let y = 0; y < height; y++) if (data[4 * (y * width + x) + 3]! > 128) return y;
          return -1;
        });
        const rows = new Set(top.filter((y) => y >= 0));
        return { top, rows: rows.size, inked: top.filter((y) => y >= 0).length, width };
      });
    const flat = await preview();
    expect(flat.inked).toBeGreaterThan(flat.width * 0.9); // a line across
    expect(flat.rows).toBeLessThanOrEqual(2); // a flat one

    const box = card(page, 1).locator('input.schedule');
    await box.fill('step:50:0.5');
    await box.press('Enter');
    await linkRuns(page, ['sgd;schedule=step:50:0.5', 'adam']);
    await hashHas(page, 'opt=sgd;schedule=step:50:0.5&');
    const stepped = (await paths(page))[0]!;
    // The first 50 steps use lr 1e-3 as before, the 51st half of it: same points up to step 50,
    // then a step half as long as the constant lr's from the same point (float32 points: 3 digits).
    expect(stepped.xs.slice(0, 51)).toEqual(constant.xs.slice(0, 51));
    expect((stepped.xs[51]! - stepped.xs[50]!) / (constant.xs[51]! - constant.xs[50]!)).toBeCloseTo(0.5, 3);
    expect((stepped.ys[51]! - stepped.ys[50]!) / (constant.ys[51]! - constant.ys[50]!)).toBeCloseTo(0.5, 3);
    expect(stepped.lrs[0]).toBe(0.001);
    expect(stepped.lrs[50]).toBe(0.0005);
    expect(stepped.lrs[199]).toBeCloseTo(0.001 / 8, 15);
    // The preview now falls in four steps from the top of the box to the bottom.
    const fall = await preview();
    expect(fall.rows).toBeGreaterThanOrEqual(4);
    const firsts = fall.top.slice(2, 20);
    const lasts = fall.top.slice(-20, -2);
    expect(Math.max(...firsts)).toBeLessThan(Math.min(...lasts) - 10);

    // A second schedule on the same card replaces the first.
    await box.fill('step:100:0.1');
    await box.press('Enter');
    await linkRuns(page, ['sgd;schedule=step:100:0.1', 'adam']);
    const tenth = (await paths(page))[0]!;
    expect(tenth.lrs[100]).toBeCloseTo(1e-4, 15);
    expect(tenth.xs.slice(0, 101)).toEqual(constant.xs.slice(0, 101));
    // A broken one is refused and said so; the last good one stays.
    await box.fill('step:zz');
    await box.press('Enter');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await card(page, 1).locator('.error.small').textContent()).not.toBe('');
    expect((await exportRace(page)).state.runs[0]!.schedule).toBe('step:100:0.1');
    // Emptying the box goes back to a constant lr, the same path as at first.
    await box.fill('');
    await box.press('Enter');
    expect((await paths(page))[0]).toEqual(constant);
    expect(await box.getAttribute('aria-invalid')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('Pause, Step, Rewind and the speed slider drive the animation, and the picture follows the playhead', async () => {
    const { page, errors } = await show('race?steps=300');
    await page.locator('#speed').fill('30');
    await hashHas(page, 'speed=30&');
    // Steps per frame: sample the playhead on every animation frame while it plays.
    const deltas = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const shown = (): number => Number(/step (\d+)/.exec(document.querySelector('#playhead')?.textContent ?? '')?.[1]);
          const seen: number[] = [];
          (document.querySelector('#play') as HTMLButtonElement).click();
          const sample = (): void => {
            seen.push(shown());
            if (document.querySelector('#play')?.textContent === 'Pause' && seen.length < 40) requestAnimationFrame(sample);
            else resolve(seen.slice(1).map((p, i) => p - seen[i]!).filter((d) => d !== 0));
          };
          requestAnimationFrame(sample);
        }),
    );
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.every((d) => d === 30)).toBe(true);
    await stopped(page);
    expect(await playhead(page)).toBe(300);
    // At the end the link has no frame (the whole paths).
    await page.waitForFunction(() => !location.hash.includes('frame='));

    // Speed 1: Play (the link follows the playhead while it plays), then Pause holds the frame.
    await page.locator('#speed').fill('1');
    await page.click('#play');
    expect(await page.locator('#play').textContent()).toBe('Pause');
    await page.waitForFunction(() => /[?&]frame=([1-9]\d*)&/.test(location.hash) && document.querySelector('#play')?.textContent === 'Pause');
    await page.click('#play');
    expect(await page.locator('#play').textContent()).toBe('Play');
    const held = { playing: await playing(page), at: await playhead(page) };
    expect(held.playing).toBe(false);
    expect(held.at).toBeGreaterThanOrEqual(1);
    expect(held.at).toBeLessThan(300);
    await page.waitForTimeout(250);
    expect(await playhead(page)).toBe(held.at);
    expect(await page.locator('#playhead').textContent()).toBe(`step ${held.at} / 300`);
    // A link taken now reopens at this frame, with the same picture.
    await hashHas(page, `speed=1&frame=${held.at}&`);
    const link = await page.evaluate(() => location.hash);
    const pausedPixels = await fieldPixels(page);
    await show('race');
    expect(await playhead(page)).toBe(500);
    await show(link);
    expect(await playhead(page)).toBe(held.at);
    expect(await page.locator('#playhead').textContent()).toBe(`step ${held.at} / 300`);
    expect(await fieldPixels(page)).toBe(pausedPixels);

    // Step: one frame on, and the picture changes (Adam moves by about lr per step).
    const atHeld = await fieldPixels(page);
    await page.click('#step');
    expect(await playhead(page)).toBe(held.at + 1);
    expect(await page.locator('#playhead').textContent()).toBe(`step ${held.at + 1} / 300`);
    expect(await fieldPixels(page)).not.toBe(atHeld);

    // Rewind: frame 0, no path drawn yet: only the heads, numbered discs at the start.
    await page.click('#rewind');
    expect(await playhead(page)).toBe(0);
    expect(await page.locator('#playhead').textContent()).toBe('step 0 / 300');
    const headOnly = await countColour(page, 'canvas.field', YELLOW);
    expect(headOnly).toBeLessThan(Math.PI * 8 * 8);
    for (let k = 0; k < 12; k++) await page.click('#step');
    expect(await playhead(page)).toBe(12);
    await hashHas(page, '&frame=12&');
    const partial = await countColour(page, 'canvas.field', YELLOW);
    expect(partial).toBeGreaterThan(headOnly + 10);
    // Step past the end starts over.
    await show('race?steps=300');
    expect(await playhead(page)).toBe(300);
    await page.click('#step');
    expect(await playhead(page)).toBe(1);
    expect(errors).toEqual([]);
  });

  it('dragging on the field moves the start with the pointer, and stops at release', async () => {
    const { page, errors } = await show('race?surface=rosenbrock&steps=100');
    const box = (await page.locator('canvas.field').boundingBox())!;
    // Rosenbrock's view: x in [-2, 2], y in [-1, 3].
    const at = (fx: number, fy: number): [number, number] => [box.x + box.width * fx, box.y + box.height * fy];
    await page.evaluate(() => {
      const starts: Array<[number, number]> = [];
      (window as unknown as { starts: typeof starts }).starts = starts;
      // The app's listener runs first: the start boxes already show the new start.
      const box = (id: string): number => Number((document.querySelector(id) as HTMLInputElement).value);
      document.querySelector('canvas.field')!.addEventListener('pointermove', () => starts.push([box('#start-x'), box('#start-y')]));
    });
    await page.mouse.move(...at(0.25, 0.75));
    await page.mouse.down();
    let start = await startShown(page);
    expect(start[0]).toBeCloseTo(-1, 1);
    expect(start[1]).toBeCloseTo(0, 1);
    await page.mouse.move(...at(0.75, 0.25), { steps: 6 });
    // Still held: the start is under the pointer, and it passed through the points between.
    start = await startShown(page);
    expect(start[0]).toBeCloseTo(1, 1);
    expect(start[1]).toBeCloseTo(2, 1);
    const seen = await page.evaluate(() => (window as unknown as { starts: Array<[number, number]> }).starts);
    const xs = seen.map((s) => s[0]);
    expect(new Set(xs).size).toBeGreaterThanOrEqual(5);
    expect(xs.every((x, i) => i === 0 || x >= xs[i - 1]!)).toBe(true);
    // The start marker (white) is drawn under the pointer.
    const centre = await page.evaluate(() => {
      const canvas = document.querySelector('canvas.field') as HTMLCanvasElement;
      const d = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(Math.round(canvas.width * 0.75), Math.round(canvas.height * 0.25), 1, 1).data;
      return [d[0], d[1], d[2]];
    });
    expect(Math.min(...(centre as number[]))).toBeGreaterThan(230);
    await page.mouse.up();
    await page.mouse.move(...at(0.5, 0.5), { steps: 3 });
    expect(await startShown(page)).toEqual(start);
    // The paths start there (the export, once the button is free to click).
    const first = (await exportRace(page)).runs.map((r) => [r.points[0]!.x, r.points[0]!.y]);
    for (const p of first) expect(p).toEqual(start);
    await hashHas(page, `start=${start[0]},${start[1]}`);
    expect(errors).toEqual([]);
  });

  it('draws the loss-per-step chart (every run) and the minima: a star for the global one, rings for local ones', async () => {
    const { page, errors } = await show('race?steps=300');
    for (const colour of [RED, WHITE, PINK, YELLOW]) expect(await countColour(page, '.results .chart canvas', colour)).toBeGreaterThan(30);
    expect(await page.locator('.results .u-legend .u-series').count()).toBe(4);
    expect(await page.locator('.results .u-title').textContent()).toMatch(/per step/);

    // Goldstein-Price: a global minimum at (0, -1), local ones at (-0.6, -0.4), (1.8, 0.2), (1.2, 0.8); view [-2, 2]^2.
    await show('race?surface=goldsteinPrice&steps=100');
    await page.click('#rewind'); // no paths drawn over the markers
    const marks = await page.evaluate(() => {
      const canvas = document.querySelector('canvas.field') as HTMLCanvasElement;
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      const white = (px: number, py: number): boolean => {
        const d = ctx.getImageData(Math.round(px), Math.round(py), 1, 1).data;
        return d[0]! > 200 && d[1]! > 200 && d[2]! > 200;
      };
      const at = (x: number, y: number) => {
        const px = ((x + 2) / 4) * canvas.width;
        const py = ((2 - y) / 4) * canvas.height;
        let centre = 0;
        for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) if (white(px + dx, py + dy)) centre++;
        let ring = 0;
        for (let k = 0; k < 32; k++) if (white(px + 5 * Math.cos((k * Math.PI) / 16), py + 5 * Math.sin((k * Math.PI) / 16))) ring++;
        let around = 0;
        for (let dx = -12; dx <= 12; dx++) for (let dy = -12; dy <= 12; dy++) if (white(px + dx, py + dy)) around++;
        return { centre, ring, around };
      };
      return { global: at(0, -1), locals: [at(-0.6, -0.4), at(1.8, 0.2), at(1.2, 0.8)], nothing: at(-1, -1.5) };
    });
    expect(marks.global.centre).toBeGreaterThanOrEqual(5);
    expect(marks.global.ring).toBeGreaterThanOrEqual(4); // the star's arms cross the radius-5 circle
    for (const ring of marks.locals) {
      expect(ring.centre).toBe(0);
      expect(ring.ring).toBeGreaterThanOrEqual(16);
    }
    expect(marks.nothing.around).toBe(0);
    expect(errors).toEqual([]);
  });

  it('every control can be reached with Tab and works from the keyboard', async () => {
    const { page, errors } = await show('race?steps=200&opt=sgd&opt=sgd;momentum=0.9&opt=rmsprop&opt=adam;lr=0.05');
    const expected = await page.evaluate(() => {
      const controls = Array.from(document.querySelectorAll<HTMLElement>('main button, main input, main select, main canvas[tabindex], main summary, main a[href]')).filter(
        (el) => !(el as HTMLInputElement).disabled && el.checkVisibility(),
      );
      controls.forEach((el, i) => (el.dataset.kbd = String(i)));
      return controls.map((el) => el.id || el.getAttribute('aria-label') || el.textContent || el.tagName);
    });
    expect(expected.length).toBeGreaterThan(40);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<number>();
    for (let k = 0; k < expected.length + 12; k++) {
      await page.keyboard.press('Tab');
      const index = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.kbd);
      if (index !== undefined) reached.add(Number(index));
    }
    expect(expected.filter((_, i) => !reached.has(i))).toEqual([]);

    // Add an optimizer from the keyboard: the first entry of the list is SGD.
    await page.focus('#add-run');
    await page.keyboard.press('ArrowDown');
    // A new card gets the lr tuned for the surface (Rosenbrock: SGD 0.002).
    await linkRuns(page, ['sgd', 'sgd;momentum=0.9', 'rmsprop', 'adam;lr=0.05', 'sgd;lr=0.002']);
    expect(await page.locator('section.run-card').count()).toBe(5);
    // The lr slider of optimizer 1: two presses of the right arrow, a hundredth of a decade each.
    await card(page, 1).locator('input[type=range][aria-label="lr (log scale)"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await linkRuns(page, ['sgd;lr=0.00105', 'sgd;momentum=0.9', 'rmsprop', 'adam;lr=0.05', 'sgd;lr=0.002']); // 10^-2.98
    // Nesterov with the space bar.
    await card(page, 2).getByLabel('nesterov').focus();
    await page.keyboard.press('Space');
    await linkRuns(page, ['sgd;lr=0.00105', 'sgd;momentum=0.9;nesterov=true', 'rmsprop', 'adam;lr=0.05', 'sgd;lr=0.002']);
    // Speed, Play with Enter, Pause with Space.
    await page.focus('#speed');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => location.hash.includes('speed=3&'));
    await page.focus('#play');
    await page.keyboard.press('Enter');
    expect(await playing(page)).toBe(true);
    await playheadPast(page, 5);
    await page.keyboard.press('Space');
    expect(await playing(page)).toBe(false);
    // Space on the field plays too.
    await page.focus('canvas.field');
    await page.keyboard.press('Space');
    expect(await playing(page)).toBe(true);
    await page.keyboard.press('Space');
    expect(await playing(page)).toBe(false);
    // Remove optimizer 5 with Enter; the focus stays in the list of optimizers.
    await page.focus('button[aria-label="remove optimizer 5"]');
    await page.keyboard.press('Enter');
    expect(await page.locator('section.run-card').count()).toBe(4);
    expect(await page.evaluate(() => document.activeElement?.closest('.side') !== null)).toBe(true);
    // The algorithm of optimizer 3 from its select.
    await card(page, 3).locator('header select').focus();
    await page.keyboard.press('ArrowDown');
    const third = await card(page, 3).locator('header select').inputValue();
    expect(third).not.toBe('rmsprop');
    expect(await page.evaluate(() => document.activeElement?.closest('section.run-card')?.getAttribute('aria-label'))).toBe('optimizer 3');
    expect(errors).toEqual([]);
  });

  it('at 390 x 844 nothing overflows sideways, in the race and the experiment view', async () => {
    const { page, errors } = await show('race?opt=adam;lr=0.05;betas=0.8,0.99;schedule=cosine:500&opt=sgd;momentum=0.9;nesterov=true&opt=rmsprop;centered=true&opt=lion&basin=0');
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () =>
      page.evaluate(() => {
        const root = document.scrollingElement!;
        const wide = Array.from(document.querySelectorAll<HTMLElement>('body *'))
          // KaTeX's stretchy SVGs (a square root's bar) are wider than shown and clipped by KaTeX itself.
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && el.checkVisibility() && el.closest('.katex svg') === null)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 8) };
      });
    await page.waitForFunction(() => (document.querySelector('canvas.field') as HTMLCanvasElement).getBoundingClientRect().width < 390);
    const race = await overflow();
    expect(race.wide).toEqual([]);
    expect(race.scrollWidth).toBeLessThanOrEqual(race.clientWidth);
    await page.screenshot({ path: join(ARTIFACTS, 'race-narrow.png'), fullPage: true });

    await page.click('nav a[data-view="experiment"]');
    await page.waitForSelector('#exp-start');
    const experiment = await overflow();
    expect(experiment.wide).toEqual([]);
    expect(experiment.scrollWidth).toBeLessThanOrEqual(experiment.clientWidth);
    await page.click('nav a[data-view="race"]');
    await page.waitForSelector('canvas.field');
    expect(errors).toEqual([]);
  });
});

describe('race rendering caches', () => {
  /** How many contour fields the view has rendered (its `race:field` measures), once two frames have passed (a resize redraws). */
  const fieldRenders = (page: Page) =>
    page.evaluate(async () => {
      for (let k = 0; k < 2; k++) await new Promise((r) => requestAnimationFrame(r));
      return performance.getEntriesByName('race:field', 'measure').length;
    });

  it('a slider move keeps the field, the chart, the leaderboard rows and the rule’s nodes, writing only what changed; a surface change renders a new field', async () => {
    const { page, errors } = await show('race?surface=rosenbrock&steps=200&opt=sgd&opt=adam;lr=0.05');
    await page.setViewportSize({ width: 1280, height: 900 });
    const fields = await fieldRenders(page);
    // Tag the nodes shown now, and count the writes into the first card's rule.
    await page.evaluate(() => {
      const rule = document.querySelector('section.run-card .rule-tex') as HTMLElement;
      const kept = { katex: rule.querySelector('.katex'), plot: document.querySelector('.results .uplot'), row: document.querySelector('#leaderboard tbody tr'), mutations: 0 };
      new MutationObserver((records) => (kept.mutations += records.length)).observe(rule, { subtree: true, childList: true, characterData: true, attributes: true });
      (window as unknown as { kept: typeof kept }).kept = kept;
    });
    const same = () =>
      page.evaluate(() => {
        const { kept } = window as unknown as { kept: { katex: Element; plot: Element; row: Element; mutations: number } };
        return {
          katex: kept.katex === document.querySelector('section.run-card .rule-tex .katex'),
          plot: kept.plot === document.querySelector('.results .uplot'),
          row: kept.row === document.querySelector('#leaderboard tbody tr'),
          mutations: kept.mutations,
        };
      });

    // The steps change the paths but not the rule: nothing is written into it, and the field stays.
    await page.locator('#steps').fill('300');
    await page.locator('#steps').press('Enter');
    await hashHas(page, 'steps=300');
    expect(await same()).toEqual({ katex: true, plot: true, row: true, mutations: 0 });
    expect(await fieldRenders(page)).toBe(fields);

    // The lr slider (a small move: the ranking stays): the rule shows the new value in the nodes
    // it had, the chart's legend and the leaderboard say lr=0.00126, and no field is rendered.
    await card(page, 1).locator('input[type=range][aria-label="lr (log scale)"]').fill('-2.9');
    await linkRuns(page, ['sgd;lr=0.00126', 'adam;lr=0.05']);
    const after = await same();
    expect(after).toMatchObject({ katex: true, plot: true, row: true });
    expect(after.mutations).toBeGreaterThan(0);
    expect(await card(page, 1).locator('.rule .katex-html').innerText()).toMatch(/0\.00126/);
    expect(await page.locator('.results .u-legend').innerText()).toContain('1. SGD lr=0.00126');
    expect(await page.locator('#leaderboard').innerText()).toContain('1. SGD lr=0.00126');
    expect(await fieldRenders(page)).toBe(fields);
    // The basin menu's labels follow once the slider rests.
    await page.waitForFunction(() => (document.querySelector('#basin') as HTMLSelectElement).options[1]?.text === '1. SGD lr=0.00126');
    // The rule written in place reads exactly as one typeset afresh for the same run.
    // (The note's id is numbered per typesetting.)
    const ruleHtml = () => page.locator('section.run-card .rule').first().evaluate((el) => el.outerHTML.replace(/rule-note-\d+/g, 'rule-note'));
    const morphed = await ruleHtml();
    await show('race?surface=rosenbrock&steps=300&opt=sgd;lr=0.00126&opt=adam;lr=0.05');
    expect(await ruleHtml()).toBe(morphed);

    // Another surface: one new field.
    const before = await fieldRenders(page);
    await page.selectOption('#surface', 'himmelblau');
    expect(await fieldRenders(page)).toBe(before + 1);
    expect(errors).toEqual([]);
  });
  it('a slider move that reorders the leaderboard rewrites its rows in place, reading as a fresh race’s; the chart shows the same pixels as a fresh one', async () => {
    const { page, errors } = await show('race?surface=rosenbrock&steps=200&opt=sgd;lr=0.001&opt=sgd;lr=0.002');
    const order = () => page.locator('#leaderboard tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-run')));
    const before = await order();
    await page.evaluate(() => ((window as unknown as { rows: Element[] }).rows = Array.from(document.querySelectorAll('#leaderboard tbody tr'))));
    // Card 1's lr from 0.001 to 0.004: run 1 overtakes run 2.
    await card(page, 1).locator('input[type=range][aria-label="lr (log scale)"]').fill('-2.4');
    await linkRuns(page, ['sgd;lr=0.00398', 'sgd;lr=0.002']);
    expect(before).toEqual(['1', '0']);
    expect(await order()).toEqual(['0', '1']);
    expect(await page.evaluate(() => (window as unknown as { rows: Element[] }).rows.every((row, k) => row === document.querySelectorAll('#leaderboard tbody tr')[k]))).toBe(true);
    const board = await page.locator('#leaderboard').evaluate((el) => el.outerHTML);
    const chart = await page.locator('.results canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
    // The same race opened afresh (a new page: nothing kept from the moves).
    const fresh = await openPage(harness, '#race?surface=rosenbrock&steps=200&opt=sgd;lr=0.00398&opt=sgd;lr=0.002');
    expect(await fresh.page.locator('#leaderboard').evaluate((el) => el.outerHTML)).toBe(board);
    expect(await fresh.page.locator('.results canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL())).toBe(chart);
    expect(fresh.errors).toEqual([]);
    await fresh.page.close();
    expect(errors).toEqual([]);
  });
  it('slider input faster than frames is applied once per frame and ends on the last value’s trajectories', async () => {
    const { page, errors } = await show('race?surface=rosenbrock&steps=300&opt=sgd&opt=adam;lr=0.05');
    // Five moves of card 1's lr slider in one task (keys held down, or events between two
    // frames): the view recomputes once, in the next frame, for the last value.
    const applied = await page.evaluate(async () => {
      const count = () => performance.getEntriesByName('race:change', 'measure').length;
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      await frame();
      const before = count();
      const slider = document.querySelector('section.run-card input[type=range][aria-label="lr (log scale)"]') as HTMLInputElement;
      for (const v of ['-2.9', '-2.8', '-2.7', '-2.6', '-2.5']) {
        slider.value = v;
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      }
      const sameTask = count() - before;
      await frame();
      await frame();
      return { sameTask, afterFrames: count() - before };
    });
    expect(applied).toEqual({ sameTask: 0, afterFrames: 1 });
    await linkRuns(page, ['sgd;lr=0.00316', 'adam;lr=0.05']);
    expect(await card(page, 1).locator('input.num[aria-label="lr"]').inputValue()).toBe('0.00316');
    expect(await card(page, 1).locator('.rule .katex-html').innerText()).toMatch(/0\.00316/);
    expect(await page.locator('.results .u-legend').innerText()).toContain('1. SGD lr=0.00316');
    expect(await page.locator('#leaderboard').innerText()).toContain('1. SGD lr=0.00316');
    const coalesced = await paths(page);
    // The same trajectories as the race opened at the last value.
    await show('race?surface=rosenbrock&steps=300&opt=sgd;lr=0.00316&opt=adam;lr=0.05');
    expect(coalesced).toEqual(await paths(page));
    // An export right after a move (before its frame) exports the moved state.
    const exported = await page.evaluate(() => {
      const slider = document.querySelector('section.run-card input[type=range][aria-label="lr (log scale)"]') as HTMLInputElement;
      slider.value = '-2.4';
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      return performance.getEntriesByName('race:change', 'measure').length;
    });
    const { state } = await exportRace(page);
    expect(state.runs[0]!.options).toEqual({ lr: 0.00398 });
    expect(await page.evaluate(() => performance.getEntriesByName('race:change', 'measure').length)).toBe(exported + 1);
    expect(errors).toEqual([]);
  });

  it('a dragged slider’s frame shows the new lr in the rule, the chart’s legend and the leaderboard', async () => {
    const { page, errors } = await show('race?surface=rosenbrock&steps=500&opt=sgd;lr=0.002&opt=adam;lr=0.05');
    const slider = card(page, 1).locator('input[type=range][aria-label="lr (log scale)"]');
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    // Checked from a requestAnimationFrame callback requested by the last input listener: the
    // end of the frame that delivered the move (Chromium delivers a drag at a frame's start).
    await page.evaluate(() => {
      const input = document.querySelector('section.run-card input[type=range][aria-label="lr (log scale)"]') as HTMLInputElement;
      const seen: boolean[] = [];
      (window as unknown as { seen: boolean[] }).seen = seen;
      window.addEventListener('input', (event) => {
        if (event.target !== input) return;
        requestAnimationFrame(() => {
          const lr = (document.querySelector('section.run-card input.num') as HTMLInputElement).value;
          const rule = document.querySelector('section.run-card .rule .katex-html')?.textContent ?? '';
          seen.push(rule.includes(lr) && (document.querySelector('.results .u-legend')?.textContent ?? '').includes(`lr=${lr}`) && (document.querySelector('#leaderboard')?.textContent ?? '').includes(`lr=${lr}`));
        });
      });
    });
    const y = box.y + box.height / 2;
    const x0 = box.x + box.width * 0.37;
    await page.mouse.move(x0, y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) {
      await page.mouse.move(x0 + k, y);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    await page.mouse.up();
    const seen = await page.evaluate(() => (window as unknown as { seen: boolean[] }).seen);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(seen.every(Boolean)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a rule whose plain-number values moved is rewritten in place and reads as the rule typeset afresh; other changes typeset it again', async () => {
    const { page, errors } = await show('race?surface=rosenbrock&steps=200&opt=sgd;momentum=0.9&opt=adam;lr=0.05');
    const ruleHtml = (n: number) => card(page, n).locator('.rule').evaluate((el) => el.outerHTML.replace(/rule-note-\d+/g, 'rule-note'));
    const katexOf = (n: number) =>
      page.evaluate((i) => {
        const node = document.querySelectorAll('section.run-card .rule-tex .katex')[i - 1];
        const w = window as unknown as { tagged?: Element[] };
        w.tagged ??= [];
        if (w.tagged[i] === undefined) w.tagged[i] = node as Element;
        return w.tagged[i] === node;
      }, n);
    expect([await katexOf(1), await katexOf(2)]).toEqual([true, true]);
    // SGD's momentum (0.9 to 0.5) and Adam's betas[0] (0.9 to 0.85): plain numbers, written in place.
    await card(page, 1).locator('input[type=range][aria-label="momentum (slider)"]').fill('0.5');
    await card(page, 2).locator('input[type=range][aria-label="betas[0] (slider)"]').fill('0.85');
    await linkRuns(page, ['sgd;momentum=0.5', 'adam;lr=0.05;betas=0.85,0.999']);
    expect([await katexOf(1), await katexOf(2)]).toEqual([true, true]);
    const inPlace = [await ruleHtml(1), await ruleHtml(2)];
    expect(inPlace[0]).toContain('0.5');
    expect(inPlace[1]).toContain('0.85');
    // Adam's eps from 10^-8 to 10^-6 (not a plain number) and SGD's Nesterov (another line): typeset again.
    await card(page, 2).locator('input[type=range][aria-label="eps (log scale)"]').fill('-6');
    await card(page, 1).getByLabel('nesterov').check();
    await linkRuns(page, ['sgd;momentum=0.5;nesterov=true', 'adam;lr=0.05;betas=0.85,0.999;eps=0.000001']);
    const retypeset = [await ruleHtml(1), await ruleHtml(2)];
    expect(retypeset[0]).toContain('tilde');
    // Each reads exactly as the rule typeset afresh for its run.
    await show('race?surface=rosenbrock&steps=200&opt=sgd;momentum=0.5&opt=adam;lr=0.05;betas=0.85,0.999');
    expect([await ruleHtml(1), await ruleHtml(2)]).toEqual(inPlace);
    await show('race?surface=rosenbrock&steps=200&opt=sgd;momentum=0.5;nesterov=true&opt=adam;lr=0.05;betas=0.85,0.999;eps=0.000001');
    expect([await ruleHtml(1), await ruleHtml(2)]).toEqual(retypeset);
    expect(errors).toEqual([]);
  });
});
