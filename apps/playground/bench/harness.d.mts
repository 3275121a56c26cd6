import type { BrowserContext } from 'playwright-core';

/** The served app and a headless Chromium. */
export interface Preview {
  url: string;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, or `DESCENT_CHROMIUM`. */
export const CHROMIUM: string;
/** Serves the built app in `dist` (an absolute path) with `vite preview` and starts Chromium with a fresh profile. */
export function startPreview(dist: string): Promise<Preview>;
/** {@link startPreview} of `distName/` (default `dist`) for a benchmark: exits with a message when the build is missing. */
export function startBench(distName?: string): Promise<Preview>;
