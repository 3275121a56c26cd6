import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = join(APP_ROOT, 'test-artifacts');
/** Where `globalSetup` builds the app for the tests (outside test-artifacts/, which CI keeps). */
export const E2E_DIST = join(APP_ROOT, 'node_modules', '.cache', 'e2e-dist');
const CHROMIUM = process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The built app served by `vite preview`, and a headless Chromium. */
export interface Harness {
  url: string;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Serves the app built by `globalSetup` with `vite preview` and starts
 * Debian's Chromium through playwright-core with a fresh profile.
 */
export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(E2E_DIST, 'index.html'))) throw new Error(`e2e: ${E2E_DIST} is missing (vitest.e2e.config.ts's globalSetup builds it)`);
  if (!existsSync(CHROMIUM)) throw new Error(`e2e: ${CHROMIUM} is missing: apt-get install -y chromium (or set DESCENT_CHROMIUM)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const vite = join(APP_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const server: ChildProcess = spawn(process.execPath, [vite, 'preview', '--outDir', E2E_DIST, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: APP_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}/`;
  const started = Date.now();
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() - started > 30_000 || server.exitCode !== null) {
      server.kill();
      throw new Error('e2e: vite preview did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const profile = mkdtempSync(join(tmpdir(), 'descent-chromium-'));
  let context: BrowserContext;
  try {
    // A fresh profile directory each time (playwright passes it as --user-data-dir).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (error) {
    server.kill();
    throw error;
  }
  return {
    url,
    context,
    async close() {
      await context.close();
      server.kill();
      rmSync(profile, { recursive: true, force: true });
    },
  };
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
