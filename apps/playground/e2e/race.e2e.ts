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
    const state = await page.evaluate(() => {
      const race = window.descent.race()!;
      return {
        surface: race.state.surface,
        runs: race.state.runs.length,
        lengths: race.trajectories.map((t) => t.length),
        finals: race.trajectories.map((t) => [t.xs[t.length - 1], t.ys[t.length - 1], t.losses[t.length - 1], t.losses[0]]),
      };
    });
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
    await page.waitForFunction(() => window.descent.race()!.playhead > 10);
    await page.waitForFunction(() => !window.descent.race()!.playing, undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => window.descent.race()!.playhead)).toBe(500);

    // Clicking the canvas moves the start and recomputes.
    const box = (await page.locator('canvas.field').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.2);
    const moved = await page.evaluate(() => ({ start: window.descent.race()!.state.start, first: [window.descent.race()!.trajectories[0]!.xs[0], window.descent.race()!.trajectories[0]!.ys[0]] }));
    expect(moved.start[0]).toBeGreaterThan(0.5);
    expect(moved.first[0]).toBeCloseTo(moved.start[0], 5);
    await page.waitForFunction((text) => location.hash.includes(text), `start=${moved.start[0]},${moved.start[1]}`);

    // Keyboard: arrow keys on the focused canvas move the start by 1% of the view.
    await page.focus('canvas.field');
    await page.keyboard.press('ArrowLeft');
    const keyed = await page.evaluate(() => window.descent.race()!.state.start);
    expect(keyed[0]).toBeCloseTo(moved.start[0] - 0.04, 6);
    expect(keyed[1]).toBeCloseTo(moved.start[1], 6);

    // Exports: the trajectories as JSON, the picture as PNG.
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const exported = JSON.parse(await (await import('node:fs/promises')).readFile((await json.path())!, 'utf8')) as { runs: Array<{ points: unknown[] }>; link: string };
    expect(exported.runs).toHaveLength(4);
    expect(exported.runs[0]!.points).toHaveLength(501);
    expect(exported.link).toContain('#race?surface=rosenbrock');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const bytes = await (await import('node:fs/promises')).readFile((await png.path())!);
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');

    // Basin map of run 4.
    await page.selectOption('#basin', '3');
    await page.waitForFunction(() => window.descent.race()!.basin !== undefined);
    const reached = await page.evaluate(() => Array.from(window.descent.race()!.basin!.reached));
    expect(reached.filter((m) => m === 0).length).toBeGreaterThan(0);
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
    const before = await page.evaluate(() => ({ state: JSON.parse(JSON.stringify(window.descent.race()!.state)), losses: window.descent.race()!.trajectories.map((t) => Array.from(t.losses.subarray(0, t.length))) }));
    const pixelsBefore = await page.evaluate(() => (document.querySelector('canvas.field') as HTMLCanvasElement).toDataURL());
    await page.close();

    const { page: again, errors: errors2 } = await openPage(harness, link.slice(harness.url.length));
    const after = await again.evaluate(() => ({ state: JSON.parse(JSON.stringify(window.descent.race()!.state)), losses: window.descent.race()!.trajectories.map((t) => Array.from(t.losses.subarray(0, t.length))) }));
    expect(after.state).toEqual(before.state);
    expect(after.state.runs).toHaveLength(5);
    expect(after.losses).toEqual(before.losses);
    expect(await again.evaluate(() => (document.querySelector('canvas.field') as HTMLCanvasElement).toDataURL())).toBe(pixelsBefore);
    expect(await again.locator('#problems').isHidden()).toBe(true);
    expect([...errors, ...errors2]).toEqual([]);
    await again.close();
  });

  it('falls back field by field on a broken link and says so', async () => {
    const { page, errors } = await openPage(harness, '#race?surface=nowhere&steps=abc&start=1,2&opt=adam;lr=-3&opt=bogus&opt=sgd;momentum=0.9;schedule=step:zz', { width: 390, height: 844 });
    const problems = await page.locator('#problems li').allTextContents();
    expect(problems.join('\n')).toMatch(/surface 'nowhere' is unknown/);
    expect(problems.join('\n')).toMatch(/steps=abc/);
    expect(problems.join('\n')).toMatch(/unknown optimizer 'bogus'/);
    expect(problems.join('\n')).toMatch(/lr=-3/);
    expect(problems.join('\n')).toMatch(/schedule 'step:zz' is invalid/);
    const state = await page.evaluate(() => window.descent.race()!.state);
    expect(state.surface).toBe('rosenbrock');
    expect(state.runs.map((r) => r.name)).toEqual(['adam', 'sgd']);
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
