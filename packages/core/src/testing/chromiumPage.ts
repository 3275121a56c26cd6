import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

// Debian's Chromium, headless, driven by playwright-core (no browser download). Flags keep it
// off the network (this machine has none) and out of first-run work.
const CHROMIUM = process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** An open Chromium page with the console errors it printed, and how to close it. */
export interface ChromiumPage {
  readonly page: Page;
  /** Every `console.error` and uncaught page error so far. */
  readonly consoleErrors: string[];
  close(): Promise<void>;
}

/** Bundles a browser-side test page (a TypeScript entry file) into one IIFE script with esbuild. */
export async function bundlePage(entry: string): Promise<string> {
  const bundle = await build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  return bundle.outputFiles[0]!.text;
}

/** Launches Chromium in a fresh profile folder (removed on close) and opens one page. */
export async function openChromiumPage(profilePrefix: string): Promise<ChromiumPage> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set DESCENT_CHROMIUM)`);
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    const opened = context;
    return {
      page,
      consoleErrors,
      close: async () => {
        await opened.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
