import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsoleMessage, Page } from 'playwright-core';
import { CHROMIUM, startPreview, type Preview } from '../bench/harness.mjs';

export const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = join(APP_ROOT, 'test-artifacts');
/** Where `globalSetup` builds the app for the tests (outside test-artifacts/, which CI keeps). */
export const E2E_DIST = join(APP_ROOT, 'node_modules', '.cache', 'e2e-dist');

/** The built app served by `vite preview`, and a headless Chromium. */
export type Harness = Preview;

/**
 * Serves the app built by `globalSetup` with `vite preview` and starts
 * Debian's Chromium through playwright-core with a fresh profile (bench/harness.mjs, which the benchmarks use too).
 */
export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(E2E_DIST, 'index.html'))) throw new Error(`e2e: ${E2E_DIST} is missing (vitest.e2e.config.ts's globalSetup builds it)`);
  if (!existsSync(CHROMIUM)) throw new Error(`e2e: ${CHROMIUM} is missing: apt-get install -y chromium (or set DESCENT_CHROMIUM)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return startPreview(E2E_DIST);
}

/** A page that records console errors and uncaught exceptions. */
export async function openPage(harness: Harness, path: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await harness.context.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(harness.url + path);
  // The app marks <main aria-busy="false"> once the first view is shown.
  await page.waitForSelector('main[aria-busy="false"]', { timeout: 30_000 });
  return { page, errors };
}
