import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from '../bench/harness.mjs';
import { ARTIFACTS, openPage, startHarness, type Harness } from './browser';
import { parseSchedule, schedule } from '@descent/schedulers';
import { exportRace, linkRuns, playhead } from './racePage';

// What the race view teaches, read as a user sees it: the update rules on the cards, the
// lecture's scenes and their captions, the step mode's arrows, the layout at 1x and 2x.

let harness: Harness;
/** A second Chromium for pages at another device pixel ratio (the harness's context is 1x). */
let browser: Browser;
beforeAll(async () => {
  harness = await startHarness();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function pageAt(hash: string, width: number, height: number, scale: number): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, hasTouch: scale === 2 && width < 500 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(harness.url + hash);
  await page.waitForSelector('main[aria-busy="false"]', { timeout: 30_000 });
  return { page, errors };
}

const card = (page: Page, n: number) => page.locator(`section.run-card[aria-label="optimizer ${n}"]`);
/** The text a reader sees of card n's update rule (KaTeX's HTML, not its MathML copy). */
const ruleText = (page: Page, n: number) => card(page, n).locator('.rule .katex-html').first().innerText();

/** Pixel statistics of the stage canvas: distinct colours and the largest share one colour has. */
async function fieldColours(page: Page): Promise<{ distinct: number; largest: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas.field') as HTMLCanvasElement;
    const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
    const counts = new Map<number, number>();
    let n = 0;
    for (let i = 0; i < data.length; i += 4 * 5) {
      const c = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
      n++;
    }
    const bands = [...counts.values()].filter((v) => v > n / 400);
    return { distinct: bands.length, largest: Math.max(...counts.values()) / n };
  });
}

describe('the race view teaches', () => {
  it('each card shows its update rule, typeset, in its path colour, with the card’s values; no raw TeX anywhere', async () => {
    const { page, errors } = await openPage(harness, '#race');
    expect(await page.locator('section.run-card .rule .katex').count()).toBe(4);
    // SGD at Rosenbrock's tuned lr 0.002: θ[t+1] = θ[t] − 0.002 ∇, with ν under the number.
    expect(await ruleText(page, 1)).toMatch(/0\.002/);
    expect(await ruleText(page, 1)).toMatch(/ν/);
    expect(await ruleText(page, 2)).toMatch(/μ/);
    expect(await ruleText(page, 4)).toMatch(/β\s*1/);
    // The rule is drawn in the colour of its path (run 1: #ff5a36).
    expect(await card(page, 1).locator('.rule').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 90, 54)');
    // Moving the lr slider rewrites the rule with the new value.
    await card(page, 1).locator('input[type=range][aria-label="lr (log scale)"]').fill('-2');
    await linkRuns(page, ['sgd;lr=0.01', 'sgd;momentum=0.9', 'rmsprop', 'adam;lr=0.1']);
    await page.waitForFunction(() => /0\.01/.test((document.querySelector('section.run-card .rule .katex-html') as HTMLElement).innerText));
    // Momentum's value too, and Nesterov turns the rule into the look-ahead form.
    await card(page, 2).locator('input.num[aria-label="momentum"]').fill('0.5');
    await card(page, 2).locator('input.num[aria-label="momentum"]').press('Tab');
    await page.waitForFunction(() => /0\.5/.test((document.querySelectorAll('section.run-card .rule .katex-html')[1] as HTMLElement).innerText));
    await card(page, 2).getByLabel('nesterov').check();
    await page.waitForFunction(() => /L\s*\(/.test((document.querySelectorAll('section.run-card .rule .katex-html')[1] as HTMLElement).innerText));
    expect(await card(page, 2).locator('.rule-note').first().textContent()).toMatch(/look-ahead/);
    // Another algorithm: its own rule and the lr tuned for the surface.
    await card(page, 3).locator('header select').selectOption('lion');
    await page.waitForFunction(() => /sign/.test((document.querySelectorAll('section.run-card .rule .katex-html')[2] as HTMLElement).innerText));
    // The surface formula is typeset as well, and nowhere on the page is TeX left raw.
    expect(await page.locator('#formula .katex').count()).toBe(1);
    const visible = await page.evaluate(() => document.body.innerText);
    expect(visible).not.toMatch(/\\(tfrac|frac|theta|nabla|sqrt|mathbf|underset|left|right|sin|cos|exp|pi)\b/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the lecture’s scenes load with their tuned racers and a “watch for” caption; a link keeps the scene', async () => {
    const { page, errors } = await openPage(harness, '#race');
    expect(await page.locator('#caption').isHidden()).toBe(true);
    const scenes = await page.locator('#scene option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(scenes).toEqual(['', 'beale', 'saddle', 'valley', 'learning-rates', 'noisy']);
    const expected: Record<string, { surface: string; cards: number }> = {
      beale: { surface: 'beale', cards: 7 },
      saddle: { surface: 'saddle', cards: 7 },
      valley: { surface: 'valley', cards: 7 },
      'learning-rates': { surface: 'valley', cards: 4 },
      noisy: { surface: 'himmelblau', cards: 5 },
    };
    for (const [scene, { surface, cards }] of Object.entries(expected)) {
      await page.selectOption('#scene', scene);
      await page.waitForFunction((s) => location.hash.includes(`preset=${s}`), scene);
      expect(await page.locator('#surface').inputValue()).toBe(surface);
      expect(await page.locator('section.run-card').count()).toBe(cards);
      expect(await page.locator('section.run-card .rule .katex').count()).toBe(cards);
      expect(await page.locator('#caption').isVisible()).toBe(true);
      expect(await page.locator('#caption').textContent()).toMatch(/^Watch for .+\.$/);
    }
    // The noisy scene brings its noise; halving the lr every 60 steps settles (its runs reach the minimum).
    expect(await page.locator('#noise + output').textContent()).toBe('10');
    const noisy = await exportRace(page);
    expect(noisy.runs[1]!.schedule).toBe('step:60:0.5');
    // The learning-rates scene: lr 0.21 diverges, and the leaderboard says so.
    await page.selectOption('#scene', 'learning-rates');
    expect(await page.locator('#leaderboard').textContent()).toMatch(/diverged/);
    // The caption survives a link; changing the surface leaves the scene.
    const link = page.url().slice(harness.url.length);
    const { page: again, errors: errors2 } = await openPage(harness, link);
    expect(await again.locator('#caption').textContent()).toMatch(/lr 0\.005 converges slowly/);
    await again.selectOption('#surface', 'booth');
    expect(await again.locator('#caption').isHidden()).toBe(true);
    expect(await again.locator('#scene').inputValue()).toBe('');
    expect([...errors, ...errors2]).toEqual([]);
    await again.close();
    await page.close();
  });

  it('every surface gets learning rates that neither diverge at once nor stall, in the cards and the race', async () => {
    const { page, errors } = await openPage(harness, '#race');
    await page.selectOption('#surface', 'goldsteinPrice');
    // Goldstein-Price's gradients reach 1e5: SGD gets lr 2e-6 (the registry's 1e-3 left at step 2).
    expect(await card(page, 1).locator('input.num[aria-label="lr"]').inputValue()).toBe('0.000002');
    expect(await ruleText(page, 1)).toMatch(/10\s*−\s*6/);
    expect(await page.locator('#leaderboard').textContent()).not.toMatch(/diverged/);
    for (const surface of ['ackley', 'rastrigin']) {
      await page.selectOption('#surface', surface);
      const race = await exportRace(page);
      for (const run of race.runs) {
        const first = run.points[0]!;
        const last = run.points.at(-1)!;
        expect(run.outcome, `${surface} ${run.label}`).toBe('ran');
        expect(Math.hypot(last.x - first.x, last.y - first.y), `${surface} ${run.label} moved`).toBeGreaterThan(0.1);
        expect(last.f, `${surface} ${run.label}`).toBeLessThan(first.f);
      }
    }
    // A card added now gets the surface's lr too.
    await page.selectOption('#add-run', { label: 'Muon' });
    expect(await card(page, 5).locator('input.num[aria-label="lr"]').inputValue()).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the new optimizers race as cards with their update rules; Muon treats the point as a 1x2 matrix', async () => {
    const { page, errors } = await openPage(harness, '#race?surface=himmelblau&steps=300&opt=muon;lr=0.05&opt=adamwScheduleFree;lr=0.1&opt=sgdScheduleFree;lr=0.005&opt=adafactor;lr=0.05&opt=nadam;lr=0.1&opt=radam;lr=0.05');
    expect(await page.locator('section.run-card').count()).toBe(6);
    expect(await card(page, 1).locator('.rule-note').first().textContent()).toMatch(/1×2 matrix/);
    expect(await ruleText(page, 1)).toMatch(/NS/);
    expect(await ruleText(page, 2)).toMatch(/y/);
    expect(await ruleText(page, 4)).toMatch(/RMS/);
    const race = await exportRace(page);
    expect(race.runs.map((r) => r.outcome)).toEqual(['ran', 'ran', 'ran', 'ran', 'ran', 'ran']);
    for (const run of race.runs) expect(run.points.at(-1)!.f, run.label).toBeLessThan(run.points[0]!.f / 10);
    expect(await page.locator('#leaderboard').textContent()).not.toMatch(/refused/);
    // Muon's basin map cannot run its 4096 starts as one parameter: the legend says why.
    await page.selectOption('#basin', '0');
    await page.waitForFunction(() => /not elementwise/.test(document.querySelector('#basin-legend')?.textContent ?? ''));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('step mode draws, at each racer’s point, the gradient, the momentum, the step and Nesterov’s look-ahead', async () => {
    const { page, errors } = await openPage(harness, '#race?surface=valley&start=-7.5,1.5&steps=200&frame=30&opt=sgd;lr=0.05&opt=sgd;lr=0.03;momentum=0.9&opt=sgd;lr=0.03;momentum=0.9;nesterov=true&opt=adam;lr=0.1');
    const without = await page.evaluate(() => (document.querySelector('canvas.field') as HTMLCanvasElement).toDataURL());
    expect(await page.locator('#step-readout').isHidden()).toBe(true);
    await page.check('#arrows');
    await page.waitForFunction(() => location.hash.includes('arrows=1'));
    const lines = await page.locator('#step-readout li').allTextContents();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/update 30 → 31: −ν∇ = .*Δθ = /);
    expect(lines[1]).toMatch(/μv = /);
    expect(lines[2]).toMatch(/θ̃ = /);
    expect(lines[3]).toMatch(/−νm̂ = /);
    // Momentum: the step is the momentum arrow plus the gradient arrow (v ← μv − ν∇, θ ← θ + v).
    const vec = (line: string, name: string): [number, number] => {
      const m = new RegExp(`${name} = \\(([^,]+), ([^)]+)\\)`).exec(line)!;
      return [Number(m[1]), Number(m[2])];
    };
    const [g, v, step] = [vec(lines[1]!, '−ν∇'), vec(lines[1]!, 'μv'), vec(lines[1]!, 'Δθ')];
    expect(step[0]).toBeCloseTo(g[0] + v[0], 2);
    expect(step[1]).toBeCloseTo(g[1] + v[1], 2);
    expect(await page.evaluate(() => (document.querySelector('canvas.field') as HTMLCanvasElement).toDataURL())).not.toBe(without);
    // The arrows follow the playhead.
    await page.click('#step');
    expect(await page.locator('#step-readout li').first().textContent()).toMatch(/update 31 → 32/);
    await page.screenshot({ path: join(ARTIFACTS, 'race-step-mode.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a scheduled lr: the rule’s ν_t is the schedule’s value at the playhead, and the card says which step', async () => {
    const { page, errors } = await openPage(harness, '#race?surface=himmelblau&start=0,0&steps=200&frame=10&opt=sgd;lr=0.1;schedule=warmup:50:0.1&opt=adam;lr=0.05;schedule=cosine:200&opt=sgd;lr=0.01');
    // What @descent/schedulers gives for each run's schedule, from the card's lr.
    const lrs = [schedule(parseSchedule('warmup:50:0.1', { initial: 0.1 })), schedule(parseSchedule('cosine:200', { initial: 0.05 }))];
    /** The number typeset in run n's rule (KaTeX's HTML: what a reader sees), its MathML copy, and the card's step line. */
    const shown = (n: number) =>
      card(page, n).evaluate((el) => ({
        typeset: Array.from(el.querySelectorAll('.rule .katex-html .rule-lr')).map((slot) => (slot as HTMLElement).innerText.trim()),
        spoken: Array.from(el.querySelectorAll('.rule .katex-mathml munder'))
          .filter((m) => m.lastElementChild?.textContent === 'νt')
          .map((m) => m.querySelector('mn')?.textContent ?? ''),
        note: el.querySelector('.rule-step')?.textContent ?? '',
      }));
    const expectAt = async (step: number) => {
      expect(await playhead(page)).toBe(step);
      for (const n of [1, 2]) {
        const want = lrs[n - 1]!(step);
        // The rule is redrawn in the frame that shows the step.
        await page.waitForFunction(([i, s]) => (document.querySelector(`section.run-card[aria-label="optimizer ${i}"] .rule-step`)?.textContent ?? '').includes(`step ${s} `), [n, step] as const);
        const { typeset, spoken, note } = await shown(n);
        expect(typeset.length, `run ${n}`).toBeGreaterThan(0);
        expect(spoken, `run ${n}: the MathML copy`).toHaveLength(typeset.length);
        // Three significant digits (cosine ends at exactly 0).
        for (const text of [...typeset, ...spoken]) expect(Math.abs(Number(text) - want), `run ${n} at step ${step}: ${text} vs ${want}`).toBeLessThanOrEqual(5e-3 * want + 1e-12);
        expect(note).toContain(`step ${step} `);
      }
    };
    // The lr in the rules is a number at the playhead: warmup from 0.01 towards 0.1, cosine from 0.05 down.
    await expectAt(10);
    for (let i = 0; i < 5; i++) await page.click('#step');
    await expectAt(15);
    await page.click('#rewind');
    await expectAt(0);
    // The values differ from step to step (not the starting lr shown throughout).
    expect(lrs[0]!(0)).not.toBeCloseTo(lrs[0]!(15), 3);
    // Played to the end: the last step's values.
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#play')?.textContent === 'Play', undefined, { timeout: 30_000 });
    await expectAt(200);
    // A run without a schedule keeps its constant lr, and no step line.
    expect(await card(page, 3).locator('.rule-step').count()).toBe(0);
    expect(await ruleText(page, 3)).toMatch(/0\.01/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('flat surfaces get colour: contour levels at quantiles, the biggest band under a quarter of the field', async () => {
    const { page, errors } = await openPage(harness, '#race');
    for (const surface of ['saddle', 'monkeySaddle', 'plateau', 'twoWells', 'ackley']) {
      await page.selectOption('#surface', surface);
      await page.click('#rewind');
      const { distinct, largest } = await fieldColours(page);
      expect(distinct, surface).toBeGreaterThanOrEqual(12);
      expect(largest, surface).toBeLessThan(0.25);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the loss chart sits beside the field with a playhead line, a diverged run is clipped, the basin legend follows the state', async () => {
    const { page, errors } = await openPage(harness, '#race?surface=rosenbrock&steps=300&opt=sgd;lr=0.02&opt=adam;lr=0.1&basin=1');
    const field = (await page.locator('canvas.field').boundingBox())!;
    const chart = (await page.locator('.results .chart').boundingBox())!;
    expect(chart.x).toBeGreaterThan(field.x + field.width - 1); // beside, not below
    expect(chart.y).toBeLessThan(field.y + field.height / 2);
    const marker = () => page.locator('.chart-marker').evaluate((el) => Number(/translateX\(([-\d.]+)px\)/.exec((el as HTMLElement).style.transform)?.[1]));
    const atEnd = await marker();
    await page.click('#rewind');
    const atStart = await marker();
    expect(atEnd - atStart).toBeGreaterThan(100);
    // SGD at lr 0.02 diverges on Rosenbrock; Adam's curve still spans the chart's height (the axis is not stretched to 1e15).
    expect(await page.locator('#leaderboard').textContent()).toMatch(/diverged/);
    const spread = await page.evaluate(() => {
      const canvas = document.querySelector('.results .chart canvas') as HTMLCanvasElement;
      const { data, width, height } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
      const rows: number[] = [];
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
        const i = 4 * (y * width + x);
        if (Math.abs(data[i]! - 0xff) < 10 && Math.abs(data[i + 1]! - 0xff) < 10 && Math.abs(data[i + 2]! - 0xff) < 10) rows.push(y);
      }
      return (Math.max(...rows) - Math.min(...rows)) / height;
    });
    expect(spread).toBeGreaterThan(0.4);
    // The basin legend: counts for Adam, then "computing" as soon as Adam's lr moves, then the new counts.
    await page.waitForFunction(() => /of 4096/.test(document.querySelector('#basin-legend')?.textContent ?? ''));
    // Read in the frame that applies the change (the view applies changes in the next
    // animation frame), before the map's debounced computation.
    const right = await page.evaluate(async () => {
      const box = document.querySelector('section.run-card[aria-label="optimizer 2"] input.num[aria-label="lr"]') as HTMLInputElement;
      box.value = '0.05';
      box.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(r));
      return document.querySelector('#basin-legend')?.textContent ?? '';
    });
    expect(right).toMatch(/computing/);
    await page.waitForFunction(() => /of 4096/.test(document.querySelector('#basin-legend')?.textContent ?? ''));
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the race view at 1x and 2x, wide and narrow', () => {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    for (const scale of [1, 2]) {
      it(`${width} x ${height} at ${scale}x: sharp canvas and colour bar, legend and heads inside the field, screenshots`, async () => {
        const { page, errors } = await pageAt('#race?preset=beale&frame=120', width, height, scale);
        const sizes = await page.evaluate(() => {
          const size = (sel: string) => {
            const c = document.querySelector(sel) as HTMLCanvasElement;
            return { pixels: c.width, css: c.getBoundingClientRect().width };
          };
          return { field: size('canvas.field'), bar: size('canvas.legend'), ratio: devicePixelRatio, scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth };
        });
        // One canvas pixel per device pixel: sharp at 2x.
        expect(sizes.field.pixels).toBe(Math.round(sizes.field.css * scale));
        expect(sizes.bar.pixels).toBe(Math.round(sizes.bar.css * scale));
        // The field uses the page's width (beside the chart when wide).
        expect(sizes.field.css).toBeGreaterThan(width > 900 ? width * 0.45 : width * 0.7);
        expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
        // The heads are discs 15 px across in their run's colour; Adam's (run 7, #b388ff) is on the field.
        const adam = await page.evaluate(() => {
          const canvas = document.querySelector('canvas.field') as HTMLCanvasElement;
          const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
          let n = 0;
          for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 0xb3) < 6 && Math.abs(data[i + 1]! - 0x88) < 6 && Math.abs(data[i + 2]! - 0xff) < 6) n++;
          return n;
        });
        expect(adam).toBeGreaterThan(100 * scale * scale);
        expect(await page.locator('#caption').isVisible()).toBe(true);
        expect(await page.locator('section.run-card .rule .katex').count()).toBe(7);
        // What is on screen without scrolling: at 1440 x 900 the field with its colour bar, the
        // loss chart and every card's update rule (each box inside the viewport, and the rule
        // itself what is drawn at its centre); on a phone they come one under the other.
        const boxes = await page.evaluate(() => {
          const box = (el: Element) => {
            const r = el.getBoundingClientRect();
            const middle = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, seen: middle !== null && (el.contains(middle) || middle.contains(el)) };
          };
          return {
            field: box(document.querySelector('canvas.field')!),
            bar: box(document.querySelector('canvas.legend')!),
            chart: box(document.querySelector('.results .chart')!),
            rules: Array.from(document.querySelectorAll('section.run-card .rule .katex')).map(box),
            view: { width: innerWidth, height: innerHeight, scrollY },
          };
        });
        expect(boxes.view.scrollY).toBe(0);
        const inside = (b: { top: number; left: number; bottom: number; right: number }) => b.top >= 0 && b.left >= 0 && b.bottom <= boxes.view.height && b.right <= boxes.view.width;
        if (width > 900) {
          for (const [what, b] of [['field', boxes.field], ['colour bar', boxes.bar], ['loss chart', boxes.chart], ...boxes.rules.map((r, i) => [`rule ${i + 1}`, r] as const)] as const) {
            expect(inside(b), `${what} ${JSON.stringify(b)}`).toBe(true);
            expect(b.seen, `${what} is what is drawn there`).toBe(true);
          }
        } else {
          expect(boxes.chart.top).toBeGreaterThan(boxes.field.bottom);
          for (const rule of boxes.rules) expect(rule.top).toBeGreaterThan(boxes.chart.bottom);
        }
        const name = `race-${width}x${height}@${scale}x`;
        await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
        await page.screenshot({ path: join(ARTIFACTS, `${name}-full.png`), fullPage: true });
        expect(errors).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('on a phone, touch scrolls the page over the field, and drags the start only from the start marker', async () => {
    const { page, errors } = await pageAt('#race?surface=himmelblau&start=0,0&steps=100', 390, 844, 2);
    expect(await page.locator('canvas.field').evaluate((el) => getComputedStyle(el).touchAction)).toBe('pan-y pinch-zoom');
    const box = (await page.locator('canvas.field').boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const touch = async (points: Array<[number, number]>) => {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: points[0]![0], y: points[0]![1] }] });
      for (const [x, y] of points.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    // Himmelblau's view is [-6, 6]^2: the start (0, 0) is the centre. A drag from it moves it.
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await touch([[cx, cy], [cx + 10, cy + 10], [cx + 30, cy + 30], [cx + box.width / 4, cy + box.height / 4]]);
    await page.waitForFunction(() => Number((document.querySelector('#start-x') as HTMLInputElement).value) > 2);
    expect(Number(await page.locator('#start-y').inputValue())).toBeLessThan(-2);
    // A swipe up elsewhere on the field scrolls the page and leaves the start alone.
    const before = await page.evaluate(() => [scrollY, (document.querySelector('#start-x') as HTMLInputElement).value]);
    const x = box.x + box.width * 0.2;
    await touch(Array.from({ length: 12 }, (_, k): [number, number] => [x, box.y + box.height * 0.8 - k * 25]));
    await page.waitForFunction((y) => scrollY > y + 50, before[0] as number);
    expect(await page.locator('#start-x').inputValue()).toBe(before[1]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
