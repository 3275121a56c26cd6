import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openPage, startHarness, type Harness } from './browser';

/** An open page and the errors it logged. */
export interface OpenPage {
  page: Page;
  errors: string[];
}

/**
 * One page for every test of a file: the training worker loads MNIST once per page (a few
 * seconds), so each test shows its experiment through the hash on the same page. Registers
 * the file's `beforeAll` (the preview server and Chromium) and `afterAll` (all closed).
 * Everything is read from the page as a user sees it.
 */
export function sharedExperimentPage(): { url(): string; show(hash: string): Promise<OpenPage>; page(): OpenPage } {
  let harness: Harness | undefined;
  let shared: OpenPage | undefined;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await shared?.page.close();
    await harness?.close();
  });
  return {
    url: () => harness!.url,
    /** Opens the page at `#hash` the first time; later, shows `hash` on it at 1280 x 900. */
    async show(hash) {
      if (shared === undefined) {
        shared = await openPage(harness!, `#${hash}`);
        return shared;
      }
      await shared.page.setViewportSize({ width: 1280, height: 900 });
      await showExperiment(shared.page, hash);
      return shared;
    },
    /** The page as the last test left it. */
    page: () => shared!,
  };
}

/** What the experiment's Export JSON button downloads. */
export interface ExportedExperiment {
  format: string;
  link: string;
  state: { hidden: number; batchSize: number; steps: number; seed: number; backend: string; runs: unknown[] };
  engine: string;
  runs: Array<{
    label: string;
    status: string;
    losses: Array<number | null>;
    lrs: number[];
    evaluations: Array<{ step: number; loss: number; accuracy: number }>;
    divergedAt: number | null;
    blewUpAt: number | null;
  }>;
}

/** Clicks Export JSON and reads the file it downloads. */
export async function exportExperiment(page: Page): Promise<ExportedExperiment> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#exp-export')]);
  return JSON.parse(await readFile((await download.path())!, 'utf8')) as ExportedExperiment;
}

/** The results table as a user reads it: each row's step count and status. */
export async function resultRows(page: Page): Promise<Array<{ label: string; steps: number; status: string; text: string }>> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('#exp-results tbody tr')).map((tr) => ({
      label: tr.children[0]?.textContent ?? '',
      steps: Number(tr.children[1]?.textContent ?? NaN),
      status: tr.getAttribute('data-status') ?? '',
      text: tr.textContent ?? '',
    })),
  );
}

/** Waits until every row of the table has at least `steps` steps or has ended. */
export async function waitForSteps(page: Page, steps: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (n) => Array.from(document.querySelectorAll('#exp-results tbody tr')).every((tr) => Number(tr.children[1]?.textContent) >= n || !['running', 'paused', 'waiting'].includes(tr.getAttribute('data-status') ?? '')),
    steps,
    { timeout },
  );
}

/**
 * The table's step counts once the steps that were in flight at a Pause or Stop have come in:
 * once they have not changed for `quietMs` (the worker's slice is 25 ms; on a busy machine its
 * last report can come late), read within `maxMs`.
 */
export async function settledSteps(page: Page, quietMs = 400, maxMs = 10_000): Promise<number[]> {
  const end = Date.now() + maxMs;
  let last = (await resultRows(page)).map((r) => r.steps);
  for (;;) {
    await page.waitForTimeout(quietMs);
    const now = (await resultRows(page)).map((r) => r.steps);
    if (JSON.stringify(now) === JSON.stringify(last) || Date.now() > end) return now;
    last = now;
  }
}

/**
 * A bound on wall time can catch a stall another process caused (the cores are shared), so it
 * must hold in one of up to `tries` measurements: measures until `ok` holds, calling `between`
 * before each retry (it returns false when no retry can be made). Resolves with every
 * measurement, the last the one to assert on, the others for the assertion's message.
 */
export async function untilWithin<T>(measure: () => Promise<T>, ok: (m: T) => boolean, between: () => Promise<boolean> = async () => true, tries = 3): Promise<T[]> {
  const all = [await measure()];
  while (!ok(all.at(-1)!) && all.length < tries && (await between())) all.push(await measure());
  return all;
}

/** Waits until no run is running, paused or waiting. */
export async function waitForEnd(page: Page, timeout = 200_000): Promise<void> {
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#exp-results tbody tr')).every((tr) => !['running', 'paused', 'waiting'].includes(tr.getAttribute('data-status') ?? '')), undefined, { timeout });
}

/** Waits for the status line to say the runs train, and returns it. */
export async function waitForTraining(page: Page): Promise<string> {
  await page.waitForFunction(() => document.querySelector('#experiment-status')!.textContent!.startsWith('Training on'), undefined, { timeout: 150_000 });
  return (await page.locator('#experiment-status').textContent()) ?? '';
}

/** Shows the experiment of `hash` on an open page (through the hash, as a link would) and waits for its runs. */
export async function showExperiment(page: Page, hash: string): Promise<void> {
  await page.evaluate(
    (target) =>
      new Promise<void>((resolve) => {
        window.addEventListener('hashchange', () => setTimeout(resolve, 0), { once: true });
        location.hash = target;
      }),
    hash,
  );
  const runs = (hash.match(/&run=/g) ?? []).length;
  await page.waitForFunction((n) => {
    const rows = Array.from(document.querySelectorAll('#exp-results tbody tr'));
    return rows.length === n && rows.every((tr) => tr.getAttribute('data-status') === 'waiting');
  }, runs);
}

export const mean = (values: ReadonlyArray<number | null>): number => values.reduce<number>((a, b) => a + (b ?? NaN), 0) / values.length;

/**
 * requestAnimationFrame intervals over `ms` while the page runs, and the latency of a Pause:
 * from the trusted click's timestamp to the first frame whose DOM shows "Resume".
 */
export async function frameIntervals(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(
    (duration) =>
      new Promise<number[]>((resolve) => {
        const stamps: number[] = [];
        const end = performance.now() + duration;
        const tick = (t: number): void => {
          stamps.push(t);
          if (t < end) requestAnimationFrame(tick);
          else resolve(stamps.slice(1).map((s, i) => s - stamps[i]!));
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

export async function pauseLatency(page: Page): Promise<number> {
  await page.evaluate(() => {
    const button = document.querySelector('#exp-pause') as HTMLButtonElement;
    const seen: { clicked?: number; latency?: number } = {};
    (window as unknown as { pauseSeen: typeof seen }).pauseSeen = seen;
    button.addEventListener('click', (event) => (seen.clicked = event.timeStamp), { capture: true, once: true });
    const watch = (): void => {
      if (seen.clicked !== undefined && button.textContent === 'Resume') seen.latency = performance.now() - seen.clicked;
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  await page.click('#exp-pause');
  await page.waitForFunction(() => (window as unknown as { pauseSeen: { latency?: number } }).pauseSeen.latency !== undefined);
  return page.evaluate(() => (window as unknown as { pauseSeen: { latency: number } }).pauseSeen.latency);
}

export const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
