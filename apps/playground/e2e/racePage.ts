import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** One run of the race as its Export JSON download gives it. */
export interface ExportedRun {
  label: string;
  name: string;
  options: Record<string, unknown>;
  schedule: string;
  outcome: string;
  points: Array<{ step: number; x: number; y: number; f: number; lr: number }>;
}

/** What the Export JSON button downloads: the link, the state and every run's points. */
export interface ExportedRace {
  link: string;
  state: { surface: string; start: [number, number]; steps: number; runs: Array<{ name: string; options: Record<string, unknown>; schedule: string }> };
  runs: ExportedRun[];
}

/** Clicks Export JSON and reads the file the user gets. */
export async function exportRace(page: Page): Promise<ExportedRace> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  return JSON.parse(await readFile((await download.path())!, 'utf8')) as ExportedRace;
}

/** The trajectories' points, losses and lrs, as the exported file holds them. */
export async function paths(page: Page): Promise<Array<{ xs: number[]; ys: number[]; losses: number[]; lrs: number[] }>> {
  const { runs } = await exportRace(page);
  return runs.map((r) => ({ xs: r.points.map((p) => p.x), ys: r.points.map((p) => p.y), losses: r.points.map((p) => p.f), lrs: r.points.map((p) => p.lr) }));
}

/** The step the picture shows, from the `step k / n` beside the player. */
export async function playhead(page: Page): Promise<number> {
  return Number(/step (\d+)/.exec((await page.locator('#playhead').textContent()) ?? '')?.[1] ?? NaN);
}

/** Whether the animation plays: the Play button reads Pause. */
export async function playing(page: Page): Promise<boolean> {
  return (await page.locator('#play').textContent()) === 'Pause';
}

/** Waits until the playhead is past `step`. */
export async function playheadPast(page: Page, step: number): Promise<void> {
  await page.waitForFunction((s) => Number(/step (\d+)/.exec(document.querySelector('#playhead')?.textContent ?? '')?.[1] ?? -1) > s, step);
}

/** Waits until the animation has stopped. */
export async function stopped(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#play')?.textContent === 'Play', undefined, { timeout });
}

/** The start point as the x and y boxes show it. */
export async function startShown(page: Page): Promise<[number, number]> {
  return [Number(await page.locator('#start-x').inputValue()), Number(await page.locator('#start-y').inputValue())];
}

/** The link's `opt=` entries, decoded. */
export function optsOf(hash: string): string[] {
  return decodeURIComponent(hash)
    .split(/[?&]/)
    .filter((p) => p.startsWith('opt='))
    .map((p) => p.slice(4));
}

/** Waits until the link's `opt=` entries are exactly `expected` (the link is written a moment after a change). */
export async function linkRuns(page: Page, expected: string[]): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const got = decodeURIComponent(location.hash)
        .split(/[?&]/)
        .filter((p) => p.startsWith('opt='))
        .map((p) => p.slice(4));
      return JSON.stringify(got) === JSON.stringify(want);
    },
    expected,
    { timeout: 5_000 },
  );
}

/** The basin legend's count of starts that end at minimum `k` (-1: none), once the map is drawn. */
export async function basinCount(page: Page, k: number): Promise<number> {
  const entry = page.locator(`#basin-legend [data-minimum="${k}"]`);
  await entry.waitFor();
  const text = (await entry.textContent()) ?? '';
  return Number(/: (\d+)/.exec(text)?.[1] ?? NaN);
}
